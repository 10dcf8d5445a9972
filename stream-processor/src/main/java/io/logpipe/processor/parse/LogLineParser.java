package io.logpipe.processor.parse;

import io.logpipe.schemas.LogEvent;
import io.logpipe.schemas.LogFormat;
import io.logpipe.schemas.RejectReason;
import io.logpipe.schemas.StrictUtf8;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns one raw access-log line into a {@link LogEvent} or a rejection reason. Detects the format per line:
 * JSON (first non-blank byte {@code '{'}), else Apache/Nginx common, combined or vhost_combined.
 *
 * <p>Total: every input, including null, empty, binary or gigantic values, yields a {@link ParseOutcome};
 * nothing is thrown. Thread-safe and allocation-light, so one instance serves a whole application.
 *
 * <p>The host is taken from the line (JSON {@code host}, vhost_combined prefix), else from the record's
 * {@code host} header, else {@code defaultHost}.
 *
 * <p>Events dated before 1970 (Kafka record timestamps cannot be negative) or more than {@code maxFuture} after
 * the wall clock are rejected as
 * {@link RejectReason#BAD_TIMESTAMP}: they reveal a wrong clock or zone, and Kafka brokers refuse record
 * timestamps more than {@code log.message.timestamp.after.max.ms} (1 hour by default) ahead, which would
 * otherwise fail the whole transaction that carries them.
 */
public final class LogLineParser {

  private static final Logger log = LoggerFactory.getLogger(LogLineParser.class);

  private final int maxLineBytes;
  private final String defaultHost;
  private final long maxFutureMillis;
  private final Clock clock;
  private final JsonLineParser json;
  private final ApacheLineParser apache;

  /**
   * @param maxLineBytes longer values are rejected with {@link RejectReason#LINE_TOO_LONG}
   * @param defaultHost host of events whose line and headers name none; must not be empty
   * @param zone zone of JSON timestamps written without an offset
   * @param maxFuture how far ahead of {@code clock} an event time may be
   * @param clock the wall clock
   */
  public LogLineParser(
      int maxLineBytes, String defaultHost, ZoneId zone, Duration maxFuture, Clock clock) {
    if (maxLineBytes <= 0) {
      throw new IllegalArgumentException("maxLineBytes must be positive, was " + maxLineBytes);
    }
    if (defaultHost == null || defaultHost.isEmpty()) {
      throw new IllegalArgumentException("defaultHost must not be empty");
    }
    this.maxLineBytes = maxLineBytes;
    this.defaultHost = defaultHost;
    this.maxFutureMillis = maxFuture.toMillis();
    this.clock = Objects.requireNonNull(clock, "clock");
    EventTimeParser time = new EventTimeParser(Objects.requireNonNull(zone, "zone"));
    this.json = new JsonLineParser(time);
    this.apache = new ApacheLineParser(time);
  }

  /** Parses one raw record; never throws. */
  public ParseOutcome parse(RawLine raw) {
    try {
      return new ParseOutcome.Parsed(parseOrReject(raw));
    } catch (LineRejectedException e) {
      return new ParseOutcome.Rejected(e.reason(), e.getMessage());
    } catch (RuntimeException e) {
      // Defence in depth: a parser bug must dead-letter the line, not kill the stream thread.
      log.warn("Parser failure on {}-{}@{}", raw.topic(), raw.partition(), raw.offset(), e);
      return new ParseOutcome.Rejected(RejectReason.OTHER, "internal parser error: " + e);
    }
  }

  private LogEvent parseOrReject(RawLine raw) throws LineRejectedException {
    byte[] b = raw.value();
    if (b == null) {
      throw new LineRejectedException(RejectReason.MISSING_FIELD, "record has no value");
    }
    if (b.length > maxLineBytes) {
      throw new LineRejectedException(
          RejectReason.LINE_TOO_LONG,
          "line of " + b.length + " bytes exceeds the limit of " + maxLineBytes);
    }
    int from = 0;
    int to = b.length;
    while (to > from && isBlank(b[to - 1])) {
      to--; // trailing newline, CR, spaces
    }
    while (from < to && isBlank(b[from])) {
      from++;
    }
    if (from == to) {
      throw new LineRejectedException(RejectReason.UNKNOWN_FORMAT, "empty line");
    }
    int bad = StrictUtf8.firstInvalid(b, from, to);
    if (bad >= 0) {
      throw new LineRejectedException(RejectReason.NOT_UTF8, "invalid UTF-8 at byte " + bad);
    }
    EventFields fields;
    LogFormat format;
    if (b[from] == '{') {
      fields = json.parse(b, from, to);
      format = LogFormat.JSON;
    } else {
      fields = new EventFields();
      format = apache.parse(new String(b, from, to - from, StandardCharsets.UTF_8), fields);
    }
    if (fields.ts.isBefore(Instant.EPOCH)) {
      // A negative record timestamp fails the produce of the curated record and of its counts.
      throw new LineRejectedException(
          RejectReason.BAD_TIMESTAMP,
          "event time "
              + fields.ts
              + " is before 1970-01-01T00:00:00Z; check the source's clock or logpipe.zone");
    }
    long ahead = fields.ts.toEpochMilli() - clock.millis();
    if (ahead > maxFutureMillis) {
      throw new LineRejectedException(
          RejectReason.BAD_TIMESTAMP,
          "event time "
              + fields.ts
              + " is "
              + Duration.ofMillis(ahead).toMinutes()
              + " min in the future (limit "
              + Duration.ofMillis(maxFutureMillis)
              + "); check the source's clock or logpipe.zone");
    }
    return fields.toEvent(format, raw, defaultHost);
  }

  private static boolean isBlank(byte c) {
    return c == ' ' || c == '\n' || c == '\r' || c == '\t';
  }
}
