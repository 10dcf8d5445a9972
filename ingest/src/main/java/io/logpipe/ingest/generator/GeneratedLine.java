package io.logpipe.ingest.generator;

import java.time.Instant;

/**
 * One line the generator wrote, with the facts a test needs to predict what the rest of the
 * pipeline does with it.
 *
 * @param index position in the generator's sequence, from 0
 * @param bytes the line exactly as sent (UTF-8 except for {@link InvalidKind#NOT_UTF8}), without a
 *     line terminator
 * @param eventTimeMicros event time in microseconds since the epoch; for an invalid line, the time
 *     it would have had
 * @param host virtual host the line was generated for
 * @param status HTTP status the line carries (for an invalid line, the status it would have had)
 * @param late whether the event time was pushed earlier than its neighbours'
 * @param invalidKind how the line is broken, or null for a valid line
 */
public record GeneratedLine(
    long index,
    byte[] bytes,
    long eventTimeMicros,
    String host,
    int status,
    boolean late,
    InvalidKind invalidKind) {

  /** Whether the processor should curate this line. */
  public boolean valid() {
    return invalidKind == null;
  }

  /** {@link #eventTimeMicros()} as an instant. */
  public Instant eventTime() {
    return Instant.ofEpochSecond(
        Math.floorDiv(eventTimeMicros, 1_000_000L),
        Math.floorMod(eventTimeMicros, 1_000_000L) * 1_000L);
  }
}
