package io.logpipe.ingest.cli;

import io.logpipe.commandline.CommandConventions;
import io.logpipe.commandline.DurationConverter;
import io.logpipe.commandline.ExitCodes;
import io.logpipe.ingest.generator.GeneratorConfig;
import io.logpipe.ingest.run.IngestRun;
import io.logpipe.ingest.run.IngestSummary;
import io.logpipe.metrics.MetricsPortOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code produce}: the traffic generator into Kafka. Usable on its own or as a subcommand of
 * another command.
 */
@Command(
    name = "produce",
    description = {
      "Generates realistic JSON access-log lines and produces them to Kafka.",
      "Same --seed and --start: same lines. Without --events or --duration it runs until Ctrl-C."
    },
    exitCodeList = {
      "0:every line acknowledged",
      ExitCodes.BROKER_LINE,
      ExitCodes.USAGE_LINE,
      "4:oversize lines were not sent",
      ExitCodes.SIGNAL_LINE
    },
    footer = {
      "  # 1M events spread over 6 hours of event time, as fast as possible:",
      "  logpipe produce -b localhost:9092 --events 1000000 \\",
      "      --start 2026-11-20T00:00:00Z --span 6h --seed 7"
    })
public final class ProduceCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin CommandConventions conventions;

  @Option(
      names = "--rate",
      defaultValue = "0",
      paramLabel = "EVENTS_PER_S",
      description = "Events per second of wall-clock time; 0 = as fast as possible (default).")
  double rate;

  @Option(
      names = {"-n", "--events"},
      paramLabel = "N",
      description = "Number of events to send.")
  Long events;

  @Option(
      names = "--duration",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      description = "Stop after this much wall-clock time (e.g. 30s, 10m).")
  Duration duration;

  @Option(
      names = "--seed",
      defaultValue = "" + GeneratorConfig.DEFAULT_SEED,
      description = "Random seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--start",
      paramLabel = "TIME",
      converter = InstantConverter.class,
      description =
          "Event time of the first event (simulated clock), e.g. 2026-11-20T00:00:00Z. Default: now.")
  Instant start;

  @Option(
      names = "--span",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      description =
          "Spread the --events over this much event time (e.g. 6h), whatever the sending rate.")
  Duration span;

  @Option(
      names = "--speed",
      defaultValue = "1",
      paramLabel = "FACTOR",
      description =
          "Without --span: event time advances FACTOR/rate seconds per event (FACTOR/1000 s with"
              + " --rate 0). Default: ${DEFAULT-VALUE}.")
  double speed;

  @Option(
      names = "--late-fraction",
      defaultValue = "0",
      paramLabel = "F",
      description =
          "Fraction of events whose time is earlier than their neighbours' (half within the grace"
              + " period, half beyond it). Default: ${DEFAULT-VALUE}.")
  double lateFraction;

  @Option(
      names = "--invalid-fraction",
      defaultValue = "0",
      paramLabel = "F",
      description =
          "Fraction of malformed lines of several kinds (bad JSON, missing field, bad status, bad"
              + " timestamp, bad number, bad path, non-UTF-8 bytes, unknown format). Default: ${DEFAULT-VALUE}.")
  double invalidFraction;

  @Option(
      names = "--grace",
      defaultValue = "30s",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      description =
          "The processor's grace period late events are placed around (default: ${DEFAULT-VALUE}).")
  Duration grace;

  @Option(
      names = "--hosts",
      split = ",",
      paramLabel = "HOST",
      description =
          "Virtual hosts, most popular first (default: api.myapp.com,www.myapp.com,shop.myapp.com,"
              + "admin.myapp.com,cdn.myapp.com).")
  List<String> hosts;

  @Mixin KafkaOptions kafka;

  @Mixin MetricsPortOption metrics;

  /** The generator configuration these options describe. */
  GeneratorConfig generatorConfig() {
    GeneratorConfig.Builder b =
        GeneratorConfig.builder()
            .rate(rate)
            .seed(seed)
            .start(start)
            .span(span)
            .speed(speed)
            .lateFraction(lateFraction)
            .invalidFraction(invalidFraction)
            .grace(grace)
            .duration(duration);
    if (events != null) {
      b.events(events);
    }
    if (hosts != null) {
      b.hosts(hosts);
    }
    return b.build();
  }

  @Override
  public Integer call() {
    IngestRun run;
    try {
      run = IngestRun.generator(generatorConfig(), kafka.toSettings());
    } catch (IllegalArgumentException e) {
      spec.commandLine().getErr().println("error: " + e.getMessage());
      return IngestSummary.EXIT_USAGE;
    }
    return RunDriver.execute(
        run, metrics, spec.commandLine().getOut(), spec.commandLine().getErr());
  }
}
