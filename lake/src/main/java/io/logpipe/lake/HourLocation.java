package io.logpipe.lake;

/**
 * Where an hour partition's directory is.
 *
 * @param partition the hour its name stands for
 * @param path the directory, in the caller's path type
 * @param <P> the caller's path type
 */
public record HourLocation<P>(HourPartition partition, P path)
    implements Comparable<HourLocation<P>> {

  @Override
  public int compareTo(HourLocation<P> o) {
    return partition.compareTo(o.partition);
  }
}
