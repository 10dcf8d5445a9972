package io.logpipe.ingest.generator;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Invents access-log lines in the seed's JSON format ({@code
 * {"ts":"2025-12-24T17:36:03.210929Z","host":…,"method":…,"path":…,"status":…,"bytes":…,"ip":…,"ua":…,"rt_ms":…}}).
 *
 * <p>Deterministic: the same {@link GeneratorConfig} (seed, start, step, fractions, hosts) gives
 * the same lines, which lets a test recompute what the pipeline must produce from the input alone.
 * Not thread-safe; iterate it on one thread. It never sleeps: pacing is the caller's business.
 *
 * <p>Shape of the traffic: Zipf-popular paths, hosts and clients; a method mix per kind of path; a
 * status mix with occasional error bursts (one host answers mostly 5xx for a stretch of events);
 * log-normal response times, slower for server errors; body sizes by path. Event times advance by
 * {@link GeneratorConfig#eventStepMicros()} per line with jitter inside each step, so valid on-time
 * lines are in non-decreasing time order; a late line's time is pushed back by a delay either
 * within or beyond {@link GeneratorConfig#grace()}.
 */
public final class TrafficGenerator implements Iterator<GeneratedLine> {

  /** Chance per line that an error burst starts when none is running. */
  static final double BURST_START_PROBABILITY = 1.0 / 20_000;

  static final int BURST_MIN_EVENTS = 1_000;
  static final int BURST_MAX_EVENTS = 3_000;

  /**
   * Margin kept between late delays and the grace period so each late line is clearly on one side
   * of it.
   */
  static final long GRACE_MARGIN_MICROS = 5_000_000L;

  /** Longest delay of a late line beyond the grace period. */
  static final long MAX_EXTRA_DELAY_MICROS = 10 * 60 * 1_000_000L;

  private static final InvalidKind[] INVALID_KINDS = InvalidKind.values();
  private static final String[] MISSING_FIELD_CHOICES = {"ts", "method", "status", "bytes", "ip"};
  private static final int[] BAD_STATUSES = {0, 42, 600, 999, 1200};
  private static final String[] BAD_TIMESTAMPS = {
    "2025-13-45T25:61:00.000000Z",
    "yesterday",
    "1700000000",
    "24/11/2026 10:00",
    "2026-02-30T10:00:00Z"
  };
  private static final String[] UNKNOWN_FORMAT_LINES = {
    "GARBAGE not an access log line",
    "<html><body><h1>502 Bad Gateway</h1></body></html>",
    "Nov 24 23:14:34 web-3 sshd[1234]: Accepted publickey for deploy",
    "java.lang.NullPointerException: at com.example.Handler.handle(Handler.java:42)",
    "-- MARK --"
  };

  private final GeneratorConfig config;
  private final TrafficModel model;
  private final SplittableRandom random;
  private final long startMicros;
  private final double stepMicros;
  private final long graceMicros;
  private final LineBuffer line = new LineBuffer();
  private long index;
  private String burstHost;
  private int burstRemaining;

  public TrafficGenerator(GeneratorConfig config) {
    this.config = config;
    this.model = new TrafficModel(config.hosts(), config.seed());
    this.random = new SplittableRandom(config.seed());
    this.startMicros =
        Math.addExact(
            Math.multiplyExact(config.start().getEpochSecond(), 1_000_000L),
            config.start().getNano() / 1_000);
    this.stepMicros = config.eventStepMicros();
    this.graceMicros = config.grace().toNanos() / 1_000;
  }

  /**
   * The lines of {@code config}, in order, as a sequential stream (infinite if the config has no
   * event limit).
   */
  public static Stream<GeneratedLine> lines(GeneratorConfig config) {
    TrafficGenerator g = new TrafficGenerator(config);
    int characteristics = Spliterator.ORDERED | Spliterator.NONNULL | Spliterator.IMMUTABLE;
    Spliterator<GeneratedLine> s =
        config.events() == GeneratorConfig.UNLIMITED
            ? Spliterators.spliteratorUnknownSize(g, characteristics)
            : Spliterators.spliterator(g, config.events(), characteristics);
    return StreamSupport.stream(s, false);
  }

  public GeneratorConfig config() {
    return config;
  }

  /** How many lines have been generated so far. */
  public long generated() {
    return index;
  }

  @Override
  public boolean hasNext() {
    return config.events() == GeneratorConfig.UNLIMITED || index < config.events();
  }

  @Override
  public GeneratedLine next() {
    if (!hasNext()) {
      throw new NoSuchElementException("generator exhausted after " + index + " lines");
    }
    long i = index++;
    long slotMicros = startMicros + (long) ((i + random.nextDouble()) * stepMicros);

    double kindDraw = random.nextDouble();
    InvalidKind invalid =
        kindDraw < config.invalidFraction()
            ? INVALID_KINDS[random.nextInt(INVALID_KINDS.length)]
            : null;
    boolean late = invalid == null && kindDraw < config.invalidFraction() + config.lateFraction();

    if (burstRemaining == 0 && random.nextDouble() < BURST_START_PROBABILITY) {
      burstHost = model.hosts().get(random.nextInt(model.hosts().size()));
      burstRemaining = BURST_MIN_EVENTS + random.nextInt(BURST_MAX_EVENTS - BURST_MIN_EVENTS + 1);
    }
    int hostIndex = model.host(random);
    String host = model.hostName(hostIndex);
    boolean failing = burstRemaining > 0 && host.equals(burstHost);
    if (burstRemaining > 0) {
      burstRemaining--;
    }
    Fields f = fields;
    f.host = model.hostBytes(hostIndex);
    f.path = TrafficModel.path(random);
    f.method = TrafficModel.method(f.path.spec(), random);
    f.status = TrafficModel.status(random, failing);
    f.bytes = TrafficModel.bytes(f.path.spec(), f.status, random);
    f.ip = model.client(random);
    f.ua = TrafficModel.userAgent(random);
    f.rtMs = TrafficModel.responseTimeMs(f.path.spec(), f.status, random);
    int status = f.status;

    f.tsMicros = late ? slotMicros - lateDelayMicros() : slotMicros;
    byte[] bytesOut = invalid == null ? encode(f, null, false) : encodeInvalid(invalid, f);
    return new GeneratedLine(i, bytesOut, f.tsMicros, host, status, late, invalid);
  }

  private long lateDelayMicros() {
    if (random.nextDouble() < GeneratorConfig.LATE_BEYOND_GRACE_SHARE) {
      return graceMicros
          + GRACE_MARGIN_MICROS
          + (long) (random.nextDouble() * MAX_EXTRA_DELAY_MICROS);
    }
    long within = graceMicros - GRACE_MARGIN_MICROS - 1_000_000L;
    return 1_000_000L + (long) (random.nextDouble() * within);
  }

  /**
   * The drawn values of the line being generated; reused, so that a line costs no more than its
   * bytes.
   */
  private static final class Fields {
    long tsMicros;
    byte[] host;
    String method;
    TrafficModel.EncodedPath path;
    int status;
    long bytes;
    byte[] ip;
    byte[] ua;
    long rtMs;
  }

  private final Fields fields = new Fields();

  private static final byte[] TS_OPEN = TrafficModel.ascii("{\"ts\":\"");
  private static final byte[] HOST_FIRST = TrafficModel.ascii("{\"host\":\"");
  private static final byte[] HOST = TrafficModel.ascii("\",\"host\":\"");
  private static final byte[] METHOD = TrafficModel.ascii("\",\"method\":\"");
  private static final byte[] PATH = TrafficModel.ascii("\",\"path\":\"");
  private static final byte[] STATUS = TrafficModel.ascii("\",\"status\":");
  private static final byte[] STATUS_AFTER_STRING = TrafficModel.ascii("\"");
  private static final byte[] BYTES = TrafficModel.ascii(",\"bytes\":");
  private static final byte[] IP = TrafficModel.ascii(",\"ip\":\"");
  private static final byte[] UA = TrafficModel.ascii("\",\"ua\":\"");
  private static final byte[] UA_AFTER_NO_IP = TrafficModel.ascii(",\"ua\":\"");
  private static final byte[] RT = TrafficModel.ascii("\",\"rt_ms\":");
  private static final byte[] NOT_UTF8_UA = {
    'M',
    'o',
    'z',
    'i',
    'l',
    'l',
    'a',
    '/',
    '5',
    '.',
    '0',
    ' ',
    // A Latin-1 'e acute' (0xE9) followed by ASCII, and a lone continuation byte: invalid in UTF-8.
    (byte) 0xE9,
    't',
    'e',
    ' ',
    (byte) 0x80
  };

  /**
   * Writes a line in seed field order.
   *
   * @param omit a field to leave out (for MISSING_FIELD), or null
   * @param badPath write the path without its leading '/'
   */
  private byte[] encode(Fields f, String omit, boolean badPath) {
    line.reset();
    writeStart(f, omit, badPath);
    writeEnd(f, omit, f.ua);
    return line.toByteArray();
  }

  /** From the opening brace to the path's closing quote. */
  private void writeStart(Fields f, String omit, boolean badPath) {
    if ("ts".equals(omit)) {
      line.raw(HOST_FIRST);
    } else {
      line.raw(TS_OPEN).timestamp(f.tsMicros).raw(HOST);
    }
    line.raw(f.host);
    if (!"method".equals(omit)) {
      line.raw(METHOD).ascii(f.method);
    }
    line.raw(PATH);
    TrafficModel.writeTarget(line, f.path, random, badPath);
  }

  /** From the status to the closing brace. */
  private void writeEnd(Fields f, String omit, byte[] ua) {
    if (!"status".equals(omit)) {
      line.raw(STATUS).number(f.status);
    } else {
      line.raw(STATUS_AFTER_STRING);
    }
    if (!"bytes".equals(omit)) {
      line.raw(BYTES).number(f.bytes);
    }
    if (!"ip".equals(omit)) {
      line.raw(IP).raw(f.ip).raw(UA);
    } else {
      line.raw(UA_AFTER_NO_IP);
    }
    line.raw(ua).raw(RT).number(f.rtMs).ascii("}");
  }

  private byte[] encodeInvalid(InvalidKind kind, Fields f) {
    switch (kind) {
      case MALFORMED_JSON -> {
        encode(f, null, false);
        // Cut inside the object: at least the opening brace and a few characters, never the closing
        // brace.
        line.truncate(8 + random.nextInt(line.length() - 9));
        return line.toByteArray();
      }
      case MISSING_FIELD -> {
        return encode(
            f, MISSING_FIELD_CHOICES[random.nextInt(MISSING_FIELD_CHOICES.length)], false);
      }
      case BAD_STATUS -> {
        f.status = BAD_STATUSES[random.nextInt(BAD_STATUSES.length)];
        return encode(f, null, false);
      }
      case BAD_TIMESTAMP -> {
        line.reset();
        line.ascii("{\"ts\":\"")
            .ascii(BAD_TIMESTAMPS[random.nextInt(BAD_TIMESTAMPS.length)])
            .raw(HOST)
            .raw(f.host)
            .raw(METHOD)
            .ascii(f.method)
            .raw(PATH);
        TrafficModel.writeTarget(line, f.path, random, false);
        writeEnd(f, null, f.ua);
        return line.toByteArray();
      }
      case BAD_NUMBER -> {
        line.reset();
        writeStart(f, null, false);
        line.raw(STATUS)
            .number(f.status)
            .ascii(",\"bytes\":\"")
            .number(f.bytes / 1024 + 1)
            .ascii("kb\"")
            .raw(IP)
            .raw(f.ip)
            .raw(UA)
            .raw(f.ua)
            .raw(RT)
            .number(f.rtMs)
            .ascii("}");
        return line.toByteArray();
      }
      case BAD_PATH -> {
        return encode(f, null, true);
      }
      case NOT_UTF8 -> {
        line.reset();
        writeStart(f, null, false);
        writeEnd(f, null, NOT_UTF8_UA);
        return line.toByteArray();
      }
      case UNKNOWN_FORMAT -> {
        line.reset();
        line.ascii(UNKNOWN_FORMAT_LINES[random.nextInt(UNKNOWN_FORMAT_LINES.length)]);
        return line.toByteArray();
      }
      default -> throw new IllegalStateException("unhandled kind " + kind);
    }
  }
}
