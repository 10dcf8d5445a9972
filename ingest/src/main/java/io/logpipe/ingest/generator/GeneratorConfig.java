package io.logpipe.ingest.generator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Everything that decides what the traffic generator writes and how fast it writes it, typed, with
 * its default. Build one with {@link #builder()}; invalid values throw {@link
 * IllegalArgumentException} with a message fit for a user.
 *
 * <p>Lines are a pure function of {@link #seed()}, {@link #start()}, {@link #eventStep()}, the
 * fractions and the hosts: two generators with equal configs produce byte-identical lines. The
 * pacing fields ({@link #rate()}, {@link #duration()}) only decide when lines are handed out,
 * except that without a {@link #span()} the simulated clock advances {@code speed / rate} seconds
 * per event.
 *
 * @param events number of lines to generate, or {@link #UNLIMITED}
 * @param duration wall-clock limit of a run, or null
 * @param rate lines per second of wall-clock time; 0 means as fast as possible
 * @param seed seed of every random choice
 * @param start event time of the first line (the simulated clock's origin)
 * @param span event-time span the {@link #events()} lines are spread over, or null
 * @param speed simulated seconds per real second when no span is set
 * @param lateFraction share of lines whose time is earlier than their neighbours'
 * @param invalidFraction share of malformed lines
 * @param grace grace period the late-event delays are placed around
 * @param hosts virtual hosts, most popular first
 */
public record GeneratorConfig(
    long events,
    Duration duration,
    double rate,
    long seed,
    Instant start,
    Duration span,
    double speed,
    double lateFraction,
    double invalidFraction,
    Duration grace,
    List<String> hosts) {

  /** Virtual hosts used when none are configured, most popular first. */
  public static final List<String> DEFAULT_HOSTS =
      List.of(
          "api.myapp.com", "www.myapp.com", "shop.myapp.com", "admin.myapp.com", "cdn.myapp.com");

  /** The stream processor's default grace period: late events are placed on both sides of it. */
  public static final Duration DEFAULT_GRACE = Duration.ofSeconds(30);

  public static final long DEFAULT_SEED = 42;

  /** As fast as possible. */
  public static final double DEFAULT_RATE = 0;

  public static final double DEFAULT_SPEED = 1.0;

  /** Simulated events per second when neither a span nor a rate fixes the clock's pace. */
  public static final double DEFAULT_SIMULATED_RATE = 1000.0;

  /** Share of late events whose delay exceeds the grace period (the rest stay within it). */
  public static final double LATE_BEYOND_GRACE_SHARE = 0.5;

  /** Unlimited number of events. */
  public static final long UNLIMITED = -1;

  private static final Pattern HOST_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9.:-]{0,252}");

  public GeneratorConfig {
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(grace, "grace");
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
    hosts = List.copyOf(hosts);
  }

  private static void checkFraction(String name, double f) {
    if (!(f >= 0 && f <= 1)) {
      throw new IllegalArgumentException(name + " must be between 0 and 1, got " + f);
    }
  }

  /** A builder with every default set. */
  public static Builder builder() {
    return new Builder();
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

  /** Builder of {@link GeneratorConfig}; every setter returns {@code this}. */
  public static final class Builder {
    private long events = UNLIMITED;
    private Duration duration;
    private double rate = DEFAULT_RATE;
    private long seed = DEFAULT_SEED;
    private Instant start;
    private Duration span;
    private double speed = DEFAULT_SPEED;
    private double lateFraction;
    private double invalidFraction;
    private Duration grace = DEFAULT_GRACE;
    private List<String> hosts = DEFAULT_HOSTS;
    private Clock clock = Clock.systemUTC();

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

    /** Event time of the first line; null means the {@link #clock(Clock) clock}'s now. */
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

    /** The wall clock whose now is the start when none is set (tests inject their own). */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Validates and builds. */
    public GeneratorConfig build() {
      return new GeneratorConfig(
          events,
          duration,
          rate,
          seed,
          start != null ? start : clock.instant(),
          span,
          speed,
          lateFraction,
          invalidFraction,
          grace,
          hosts);
    }
  }
}
