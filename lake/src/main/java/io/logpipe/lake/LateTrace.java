package io.logpipe.lake;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The sink's trace of rows published into an hour after its {@code _SUCCESS}: a hidden file {@code
 * _LATE+<topic>+<partition>+<firstOffset>+<lastOffset>} in the hour directory, one per late Parquet
 * file, with that file's topic partition and offsets. The sink publishes it in the same commit as
 * the file, right after it (so it survives a crash as the file does), and never removes it: a
 * reader whose results predate one of an hour's traces has to compute that hour again.
 *
 * <p>The name carries no {@code .parquet}, so readers globbing for data files never take it for
 * one. Its content is one line, {@code <rows> <part file name>}, for people and logs.
 */
public record LateTrace(String topic, int partition, long firstOffset, long lastOffset) {

  /** Prefix of every trace name; the leading {@code _} hides it from lake readers. */
  public static final String PREFIX = "_LATE+";

  private static final Pattern NAME =
      Pattern.compile(Pattern.quote(PREFIX) + "(.+)\\+(\\d+)\\+(\\d{20})\\+(\\d{20})");

  /** The trace of a late Parquet file. */
  public static LateTrace of(PartFileName file) {
    return new LateTrace(file.topic(), file.partition(), file.firstOffset(), file.lastOffset());
  }

  /** The trace's file name, {@code _LATE+logs_curated+0+00000000000000000009+…}. */
  public String name() {
    return PREFIX
        + topic
        + "+"
        + partition
        + "+"
        + LakeNames.offset(firstOffset)
        + "+"
        + LakeNames.offset(lastOffset);
  }

  /** The trace's content for the late file {@code file} of {@code rows} rows. */
  public static String content(PartFileName file, long rows) {
    return rows + " " + file.format() + "\n";
  }

  /** Whether a file name is a trace's. */
  public static boolean isTrace(String name) {
    return NAME.matcher(name).matches();
  }

  /** The trace a file name is; null when the name is not a trace's. */
  public static LateTrace parse(String name) {
    Matcher m = NAME.matcher(name);
    if (!m.matches()) {
      return null;
    }
    return new LateTrace(
        m.group(1),
        Integer.parseInt(m.group(2)),
        Long.parseLong(m.group(3)),
        Long.parseLong(m.group(4)));
  }
}
