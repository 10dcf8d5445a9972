package io.logpipe.ingest.run;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * The outcome of one ingest run.
 *
 * @param outcome how the run ended
 * @param sent lines handed to the producer
 * @param acknowledged lines the broker acknowledged
 * @param failed lines whose delivery failed
 * @param oversize lines not delivered because of their size
 * @param elapsed wall-clock time of the run
 * @param error message of the error that ended the run, or null
 * @param oversizeOrigins {@code source:line (n bytes)} of the first oversize lines
 * @param files what each input file gave (empty for the generator)
 */
public record IngestSummary(
    Outcome outcome,
    long sent,
    long acknowledged,
    long failed,
    long oversize,
    Duration elapsed,
    String error,
    List<String> oversizeOrigins,
    List<InputFileReport> files) {

  /** Process exit codes of the ingest commands. */
  public static final int EXIT_OK = 0;

  public static final int EXIT_DELIVERY_FAILED = 1;
  public static final int EXIT_USAGE = 2;
  public static final int EXIT_INPUT_ERROR = 3;
  public static final int EXIT_OVERSIZE_LINES = 4;

  /** How a run ended. */
  public enum Outcome {
    /** All input was read and every line delivered or reported. */
    COMPLETED,
    /** Stopped on request (Ctrl-C, {@link IngestRun#stop()}); what was sent was flushed. */
    STOPPED,
    /** Kafka could not take the lines. */
    DELIVERY_FAILED,
    /**
     * An input file was missing, unreadable, truncated or corrupt (the lines that could be read
     * were sent).
     */
    INPUT_ERROR,
    /** The configuration was rejected. */
    CONFIG_ERROR
  }

  public IngestSummary {
    oversizeOrigins = List.copyOf(oversizeOrigins);
    files = List.copyOf(files);
  }

  /** Acknowledged lines per second of the run. */
  public double acknowledgedPerSecond() {
    double s = elapsed.toNanos() / 1e9;
    return s > 0 ? acknowledged / s : 0;
  }

  /** Exit code for a command-line run. */
  public int exitCode() {
    return switch (outcome) {
      case DELIVERY_FAILED -> EXIT_DELIVERY_FAILED;
      case INPUT_ERROR -> EXIT_INPUT_ERROR;
      case CONFIG_ERROR -> EXIT_USAGE;
      case COMPLETED, STOPPED ->
          failed > 0 ? EXIT_DELIVERY_FAILED : oversize > 0 ? EXIT_OVERSIZE_LINES : EXIT_OK;
    };
  }

  /** A few lines for the user (the error, if any, is in {@link #error()}). */
  public String render() {
    StringBuilder s = new StringBuilder();
    s.append(
        String.format(
            Locale.ROOT,
            "%s: %,d lines sent, %,d acknowledged, %,d failed, %,d oversize (not sent) in %.1f s (%,.0f lines/s)",
            outcome.name().toLowerCase(Locale.ROOT).replace('_', ' '),
            sent,
            acknowledged,
            failed,
            oversize,
            elapsed.toNanos() / 1e9,
            acknowledgedPerSecond()));
    if (oversize > 0) {
      s.append(System.lineSeparator())
          .append("oversize lines (first ")
          .append(oversizeOrigins.size())
          .append("): ")
          .append(String.join(", ", oversizeOrigins));
    }
    if (files.size() > 1 || files.stream().anyMatch(InputFileReport::damaged)) {
      files.forEach(f -> s.append(System.lineSeparator()).append("  ").append(f.render()));
    }
    return s.toString();
  }
}
