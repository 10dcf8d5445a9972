package io.logpipe.ingest.generator;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Everything that decides what the traffic generator writes and how fast it writes it.
 *
 * <p>Lines are a pure function of {@link #seed()}, {@link #start()}, {@link #eventStep()}, the
 * fractions and the hosts: two generators with equal configs produce byte-identical lines. The
 * pacing fields ({@link #rate()}, {@link #duration()}) only decide when lines are handed out,
 * except that without a {@link #span()} the simulated clock advances {@code speed / rate} seconds
 * per event.
 *
 * <p>Build with {@link #builder()}; {@link Builder#build()} validates and throws {@link
 * IllegalArgumentException} with a message fit for a user.
 */
public final class GeneratorConfig {

  /** Virtual hosts used when none are configured, most popular first. */
  public static final List<String> DEFAULT_HOSTS =
      List.of(
          "api.myapp.com", "www.myapp.com", "shop.myapp.com", "admin.myapp.com", "cdn.myapp.com");

  /** The stream processor's default grace period: late events are placed on both sides of it. */
  public static final Duration DEFAULT_GRACE = Duration.ofSeconds(30);

  /** Simulated events per second when neither a span nor a rate fixes the clock's pace. */
  public static final double DEFAULT_SIMULATED_RATE = 1000.0;

  /** Share of late events whose delay exceeds the grace period (the rest stay within it). */
  public static final double LATE_BEYOND_GRACE_SHARE = 0.5;

  /** Unlimited number of events. */
  public static final long UNLIMITED = -1;

  private static final Pattern HOST_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9.:-]{0,252}");

  private final long events;
  private final Duration duration;
  private final double rate;
  private final long seed;
  private final Instant start;
  private final Duration span;
  private final double speed;
  private final double lateFraction;
  private final double invalidFraction;
  private final Duration grace;
  private final List<String> hosts;

  private GeneratorConfig(Builder b) {
    this.events = b.events;
    this.duration = b.duration;
    this.rate = b.rate;
    this.seed = b.seed;
    this.start = b.start != null ? b.start : Instant.now();
    this.span = b.span;
    this.speed = b.speed;
    this.lateFraction = b.lateFraction;
    this.invalidFraction = b.invalidFraction;
    this.grace = b.grace;
    this.hosts = List.copyOf(b.hosts);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this config's values. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.events = events;
    b.duration = duration;
    b.rate = rate;
    b.seed = seed;
    b.start = start;
    b.span = span;
    b.speed = speed;
    b.lateFraction = lateFraction;
    b.invalidFraction = invalidFraction;
    b.grace = grace;
    b.hosts = hosts;
    return b;
  }

  /** Number of lines to generate, or {@link #UNLIMITED}. */
  public long events() {
    return events;
  }

  /** Wall-clock limit of a run, or null. */
  public Duration duration() {
    return duration;
  }

  /** Lines per second of wall-clock time; 0 means as fast as possible. */
  public double rate() {
    return rate;
  }

  public long seed() {
    return seed;
  }

  /** Event time of the first line (the simulated clock's origin). */
  public Instant start() {
    return start;
  }

  /** Event-time span the {@link #events()} lines are spread over, or null. */
  public Duration span() {
    return span;
  }

  /** Simulated seconds per real second when no span is set. */
  public double speed() {
    return speed;
  }

  public double lateFraction() {
    return lateFraction;
  }

  public double invalidFraction() {
    return invalidFraction;
  }

  /** Grace period the late-event delays are placed around. */
  public Duration grace() {
    return grace;
  }

  public List<String> hosts() {
    return hosts;
  }

  /**
   * Event-time distance between consecutive lines, in microseconds (fractional): {@code span /
   * events} with a span, otherwise {@code speed / rate} seconds ({@code speed / 1000} s when the
   * rate is unlimited).
   */
  public double eventStepMicros() {
    if (span != null) {
      return span.toNanos() / 1000.0 / events;
    }
    double simulatedRate = rate > 0 ? rate : DEFAULT_SIMULATED_RATE;
    return speed * 1_000_000.0 / simulatedRate;
  }

  /** {@link #eventStepMicros()} as a duration (rounded to the microsecond). */
  public Duration eventStep() {
    return Duration.ofNanos(Math.round(eventStepMicros() * 1000));
  }

  @Override
  public String toString() {
    return "GeneratorConfig{events="
        + (events == UNLIMITED ? "unlimited" : events)
        + ", duration="
        + duration
        + ", rate="
        + rate
        + ", seed="
        + seed
        + ", start="
        + start
        + ", span="
        + span
        + ", speed="
        + speed
        + ", lateFraction="
        + lateFraction
        + ", invalidFraction="
        + invalidFraction
        + ", hosts="
        + hosts
        + "}";
  }

  /** Mutable builder; every setter returns {@code this}. */
  public static final class Builder {
    private long events = UNLIMITED;
    private Duration duration;
    private double rate;
    private long seed = 42;
    private Instant start;
    private Duration span;
    private double speed = 1.0;
    private double lateFraction;
    private double invalidFraction;
    private Duration grace = DEFAULT_GRACE;
    private List<String> hosts = DEFAULT_HOSTS;

    private Builder() {}

    public Builder events(long events) {
      this.events = events;
      return this;
    }

    public Builder duration(Duration duration) {
      this.duration = duration;
      return this;
    }

    public Builder rate(double eventsPerSecond) {
      this.rate = eventsPerSecond;
      return this;
    }

    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /** Event time of the first line; null means "now" at build time. */
    public Builder start(Instant start) {
      this.start = start;
      return this;
    }

    public Builder span(Duration span) {
      this.span = span;
      return this;
    }

    public Builder speed(double speed) {
      this.speed = speed;
      return this;
    }

    public Builder lateFraction(double lateFraction) {
      this.lateFraction = lateFraction;
      return this;
    }

    public Builder invalidFraction(double invalidFraction) {
      this.invalidFraction = invalidFraction;
      return this;
    }

    public Builder grace(Duration grace) {
      this.grace = grace;
      return this;
    }

    public Builder hosts(List<String> hosts) {
      this.hosts = hosts;
      return this;
    }

    /** Validates and builds. */
    public GeneratorConfig build() {
      if (events != UNLIMITED && events < 0) {
        throw new IllegalArgumentException("events must be >= 0, got " + events);
      }
      if (duration != null && (duration.isNegative() || duration.isZero())) {
        throw new IllegalArgumentException("duration must be positive, got " + duration);
      }
      if (!(rate >= 0) || Double.isInfinite(rate)) {
        throw new IllegalArgumentException(
            "rate must be >= 0 events/s (0 = as fast as possible), got " + rate);
      }
      if (span != null) {
        if (span.isNegative() || span.isZero()) {
          throw new IllegalArgumentException("span must be positive, got " + span);
        }
        if (events == UNLIMITED || events == 0) {
          throw new IllegalArgumentException(
              "a span needs a number of events to spread over it (--events N)");
        }
      }
      if (!(speed > 0) || Double.isInfinite(speed)) {
        throw new IllegalArgumentException("speed must be > 0, got " + speed);
      }
      checkFraction("late fraction", lateFraction);
      checkFraction("invalid fraction", invalidFraction);
      if (lateFraction + invalidFraction > 1.0) {
        throw new IllegalArgumentException("late fraction + invalid fraction must be <= 1");
      }
      Objects.requireNonNull(grace, "grace");
      if (grace.toSeconds() < 10) {
        throw new IllegalArgumentException("grace must be at least 10 s, got " + grace);
      }
      if (hosts == null || hosts.isEmpty()) {
        throw new IllegalArgumentException("at least one host is needed");
      }
      for (String h : hosts) {
        if (h == null || !HOST_NAME.matcher(h).matches()) {
          throw new IllegalArgumentException(
              "not a host name: '" + h + "' (letters, digits, '.', ':', '-')");
        }
      }
      return new GeneratorConfig(this);
    }

    private static void checkFraction(String name, double f) {
      if (!(f >= 0 && f <= 1)) {
        throw new IllegalArgumentException(name + " must be between 0 and 1, got " + f);
      }
    }
  }
}
