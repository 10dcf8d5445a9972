package io.logpipe.lake;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The visible name of a Parquet file the sink publishes in an hour directory of the curated table:
 * {@code part-<topic>+<partition>+<firstOffset>+<lastOffset>.<codec>.parquet}, offsets zero-padded
 * to 20 digits so names sort by offset. First and last are the lowest and highest Kafka offsets of
 * the rows in the file; files of one topic partition never overlap, so the name is unique in its
 * hour directory.
 */
public record PartFileName(
    String topic, int partition, long firstOffset, long lastOffset, String codec) {

  private static final Pattern NAME =
      Pattern.compile("part-(.+)\\+(\\d+)\\+(\\d{20})\\+(\\d{20})\\.([a-z0-9]+)\\.parquet");

  public PartFileName {
    if (topic.isEmpty() || topic.contains("/")) {
      throw new IllegalArgumentException("bad topic name for a file: " + topic);
    }
    if (partition < 0 || firstOffset < 0 || lastOffset < firstOffset) {
      throw new IllegalArgumentException(
          "bad partition/offset range " + partition + " " + firstOffset + ".." + lastOffset);
    }
  }

  /** The file name. */
  public String format() {
    return "part-"
        + topic
        + "+"
        + partition
        + "+"
        + LakeNames.offset(firstOffset)
        + "+"
        + LakeNames.offset(lastOffset)
        + "."
        + codec
        + LakeNames.PARQUET_SUFFIX;
  }

  /** Parses a file name produced by {@link #format()}; null when the name is not one. */
  public static PartFileName parse(String fileName) {
    Matcher m = NAME.matcher(fileName);
    if (!m.matches()) {
      return null;
    }
    return new PartFileName(
        m.group(1),
        Integer.parseInt(m.group(2)),
        Long.parseLong(m.group(3)),
        Long.parseLong(m.group(4)),
        m.group(5));
  }

  @Override
  public String toString() {
    return format();
  }
}
