package io.logpipe.sink.partition;

import io.logpipe.lake.HourPartition;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Objects;

/** Maps an event time to the local hour directory it belongs to in a fixed zone. */
public final class HourPartitioner {

  private final ZoneId zone;

  public HourPartitioner(ZoneId zone) {
    this.zone = Objects.requireNonNull(zone, "zone");
  }

  public ZoneId zone() {
    return zone;
  }

  /** The hour partition holding {@code eventTime}. */
  public HourPartition partitionOf(Instant eventTime) {
    return HourPartition.of(eventTime, zone);
  }
}
