package io.logpipe.sink.row;

import java.time.Instant;

/**
 * One curated event as the sink carries it from Kafka to Parquet: the record value in this build's
 * Avro single-object encoding, already checked by {@link RowCodec#read}, and its event time in
 * microseconds. The sink builds no {@code LogEvent} object per row: the Parquet writer takes the
 * fields straight from these bytes.
 */
public record EncodedRow(byte[] value, long tsMicros) {

  /** The event time as an instant. */
  public Instant ts() {
    return Instant.ofEpochSecond(
        Math.floorDiv(tsMicros, 1_000_000L), Math.floorMod(tsMicros, 1_000_000L) * 1_000L);
  }
}
