package io.logpipe.analytics.lake;

import io.logpipe.lake.HourPartition;

/**
 * One hour directory of the curated lake, {@code <lake>/curated/dt=YYYY-MM-DD/hour=HH}, as the
 * selection found it.
 *
 * @param partition the hour it holds, in the lake's zone
 * @param path the directory's fully qualified URI
 * @param complete whether the directory holds the sink's {@code _SUCCESS} marker
 * @param dataFiles number of data files in it (temporary files and markers excluded)
 */
public record HourDirectory(HourPartition partition, String path, boolean complete, int dataFiles)
    implements Comparable<HourDirectory> {

  /** The partition's {@code dt} value as written in its directory name. */
  public String dtValue() {
    return partition.dtValue();
  }

  /** The partition's {@code hour} value as written in its directory name (two digits). */
  public String hourValue() {
    return partition.hourValue();
  }

  @Override
  public int compareTo(HourDirectory o) {
    return partition.compareTo(o.partition);
  }
}
