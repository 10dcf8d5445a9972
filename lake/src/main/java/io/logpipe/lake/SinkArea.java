package io.logpipe.lake;

/**
 * The sink's hidden area, {@code <lake>/curated/_logpipe_sink/}; every path here is relative to the
 * curated table:
 *
 * <pre>
 * _logpipe_sink/tmp/&lt;topic&gt;/&lt;partition&gt;/…                      files being written
 * _logpipe_sink/log/&lt;topic&gt;/&lt;partition&gt;/&lt;from&gt;.commit          commit manifests (the sink's progress)
 * _logpipe_sink/quarantine/&lt;topic&gt;/&lt;partition&gt;/&lt;offset&gt;.bin    records that could not be decoded
 * </pre>
 *
 * The leading underscore hides the whole area from lake readers ({@link
 * LakeNames#isHidden(String)}).
 */
public final class SinkArea {

  /** The area's directory, in the curated table. */
  public static final String DIR = "_logpipe_sink";

  public static final String TMP = "tmp";
  public static final String LOG = "log";
  public static final String QUARANTINE = "quarantine";
  public static final String MANIFEST_SUFFIX = ".commit";
  public static final String QUARANTINE_SUFFIX = ".bin";

  private SinkArea() {}

  /** Where files of a topic partition are written before they are published. */
  public static String tempDir(String topic, int partition) {
    return of(TMP, topic, partition);
  }

  /** Where the commit manifests of a topic partition are. */
  public static String logDir(String topic, int partition) {
    return of(LOG, topic, partition);
  }

  /** Where the undecodable records of a topic partition are kept, one raw file each. */
  public static String quarantineDir(String topic, int partition) {
    return of(QUARANTINE, topic, partition);
  }

  /** The quarantine file of the record at {@code offset}. */
  public static String quarantineFile(String topic, int partition, long offset) {
    return quarantineDir(topic, partition) + "/" + LakeNames.offset(offset) + QUARANTINE_SUFFIX;
  }

  /**
   * The name of the manifest of the commit that starts at offset {@code from}: the name is the
   * claim on it.
   */
  public static String manifestName(long from) {
    return LakeNames.offset(from) + MANIFEST_SUFFIX;
  }

  /** The start offset a manifest name claims; -1 when the name is not a manifest's. */
  public static long manifestFrom(String fileName) {
    if (!fileName.endsWith(MANIFEST_SUFFIX)) {
      return -1;
    }
    String digits = fileName.substring(0, fileName.length() - MANIFEST_SUFFIX.length());
    return LakeNames.isOffset(digits) ? Long.parseLong(digits) : -1;
  }

  private static String of(String kind, String topic, int partition) {
    return DIR + "/" + kind + "/" + topic + "/" + partition;
  }
}
