package io.logpipe.analytics.lake;

import io.logpipe.analytics.partial.HourInput;
import io.logpipe.lake.HourPartition;

/**
 * One hour directory of the curated lake, {@code <lake>/curated/dt=YYYY-MM-DD/hour=HH}, as the
 * selection found it.
 *
 * @param partition the hour it holds, in the lake's zone
 * @param path the directory's fully qualified URI
 * @param complete whether the directory holds the sink's {@code _SUCCESS} marker
 * @param source its data files (temporary files and markers excluded) and the sink's late traces
 */
public record HourDirectory(
    HourPartition partition, String path, boolean complete, HourInput.Source source)
    implements Comparable<HourDirectory> {

  /** The partition's {@code dt} value as written in its directory name. */
  public String dtValue() {
    return partition.dtValue();
  }

  /** The partition's {@code hour} value as written in its directory name (two digits). */
  public String hourValue() {
    return partition.hourValue();
  }

  /** Number of data files in it. */
  public int dataFiles() {
    return source.files().size();
  }

  @Override
  public int compareTo(HourDirectory o) {
    return partition.compareTo(o.partition);
  }
}
