package io.logpipe.sink.layout;

import io.logpipe.lake.HourPartition;
import io.logpipe.lake.LakeNames;
import io.logpipe.lake.SinkArea;
import java.net.URI;
import org.apache.hadoop.fs.Path;

/**
 * The lake's names ({@link LakeNames}, {@link SinkArea}) as Hadoop paths under one lake root:
 *
 * <pre>
 * &lt;lake&gt;/curated/dt=YYYY-MM-DD/hour=HH/part-….parquet   visible data
 * &lt;lake&gt;/curated/dt=YYYY-MM-DD/hour=HH/_SUCCESS         hour complete
 * &lt;lake&gt;/curated/_logpipe_sink/tmp/&lt;topic&gt;/&lt;p&gt;/…      files being written (invisible: leading '_')
 * &lt;lake&gt;/curated/_logpipe_sink/log/&lt;topic&gt;/&lt;p&gt;/&lt;from&gt;.commit   commit manifests (progress)
 * </pre>
 */
public final class LakeLayout {

  /** Directory of the curated table under the lake root. */
  public static final String CURATED = LakeNames.CURATED;

  /** Sink's private area; the leading underscore hides it from Spark, Hive and DuckDB. */
  public static final String SINK_DIR = SinkArea.DIR;

  public static final String SUCCESS = LakeNames.SUCCESS;
  public static final String MANIFEST_SUFFIX = SinkArea.MANIFEST_SUFFIX;

  private final Path root;
  private final Path curated;

  public LakeLayout(URI lake) {
    String s = lake.toString();
    this.root = new Path(s.endsWith("/") ? s.substring(0, s.length() - 1) : s);
    this.curated = new Path(root, CURATED);
  }

  public Path root() {
    return root;
  }

  public Path curated() {
    return curated;
  }

  public Path hourDir(HourPartition hour) {
    return new Path(curated, hour.relativeDir());
  }

  public Path successMarker(HourPartition hour) {
    return new Path(hourDir(hour), SUCCESS);
  }

  public Path tempDir(String topic, int partition) {
    return new Path(curated, SinkArea.tempDir(topic, partition));
  }

  public Path logDir(String topic, int partition) {
    return new Path(curated, SinkArea.logDir(topic, partition));
  }

  /**
   * The manifest of the commit that starts at offset {@code from}: its name is the claim on that
   * offset.
   */
  public Path manifest(String topic, int partition, long from) {
    return new Path(logDir(topic, partition), SinkArea.manifestName(from));
  }

  /** Parses the start offset from a manifest file name; -1 when it is not a manifest name. */
  public static long manifestFrom(String fileName) {
    return SinkArea.manifestFrom(fileName);
  }

  /** Whether a file or directory name is hidden from lake readers. */
  public static boolean isHidden(String name) {
    return LakeNames.isHidden(name);
  }
}
