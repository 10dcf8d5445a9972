package io.logpipe.lake;

import java.time.LocalDate;
import java.util.List;

/**
 * What {@link HourWalker#scan} found under a table partitioned by {@code dt=}/{@code hour=}.
 *
 * @param hours the hour directories of the days listed, in time order
 * @param days every {@code dt=} day of the table, listed or not, in order
 * @param unexpected visible directories whose name is not a partition of the layout ({@code
 *     backup}, {@code hour=7}), in listing order; they are never read
 * @param <P> the caller's path type
 */
public record HourScan<P>(List<HourLocation<P>> hours, List<LocalDate> days, List<P> unexpected) {

  public HourScan {
    hours = List.copyOf(hours);
    days = List.copyOf(days);
    unexpected = List.copyOf(unexpected);
  }
}
