package io.logpipe.sink.partition;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

/**
 * One hour directory of the lake, {@code dt=YYYY-MM-DD/hour=HH}, as the sink's classes hold it. Every rule (names,
 * parsing, the instants of a local hour around DST changes) is {@link io.logpipe.lake.HourPartition}'s; this type
 * only carries the sink's hours until its consumer classes use that one directly.
 */
public record HourPartition(LocalDate date, int hour) implements Comparable<HourPartition> {

  public HourPartition {
    new io.logpipe.lake.HourPartition(date, hour); // the lake's validation
  }

  /** The same hour in the lake module's terms. */
  public io.logpipe.lake.HourPartition lake() {
    return new io.logpipe.lake.HourPartition(date, hour);
  }

  /** The sink's view of a lake hour. */
  public static HourPartition of(io.logpipe.lake.HourPartition hour) {
    return new HourPartition(hour.date(), hour.hour());
  }

  /** The relative directory, {@code dt=2025-12-24/hour=07}. */
  public String relativeDir() {
    return lake().relativeDir();
  }

  /** Parses {@link #relativeDir()}; the string may have a prefix (a lake path). */
  public static HourPartition parseDir(String path) {
    return of(io.logpipe.lake.HourPartition.parseDir(path));
  }

  /** See {@link io.logpipe.lake.HourPartition#start(ZoneId)}. */
  public Instant start(ZoneId zone) {
    return lake().start(zone);
  }

  /** See {@link io.logpipe.lake.HourPartition#end(ZoneId)}. */
  public Instant end(ZoneId zone) {
    return lake().end(zone);
  }

  @Override
  public int compareTo(HourPartition o) {
    return lake().compareTo(o.lake());
  }

  @Override
  public String toString() {
    return relativeDir();
  }
}
