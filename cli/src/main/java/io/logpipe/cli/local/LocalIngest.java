package io.logpipe.cli.local;

import io.logpipe.ingest.file.FileReaderConfig;
import io.logpipe.ingest.generator.GeneratorConfig;
import io.logpipe.ingest.produce.ProducerSettings;
import io.logpipe.ingest.run.IngestRun;
import io.logpipe.schemas.Topics;

/**
 * What {@code logpipe local} feeds the pipeline with: its {@code --input} files, or the traffic
 * generator.
 */
final class LocalIngest {

  private LocalIngest() {}

  /**
   * The ingest of a run, into {@code logs_raw} on {@code bootstrap}: the input files, else the
   * generator.
   */
  static IngestRun start(LocalOptions options, String bootstrap) {
    ProducerSettings settings =
        ProducerSettings.builder().bootstrapServers(bootstrap).topic(Topics.RAW).build();
    if (!options.usesGenerator()) {
      return IngestRun.files(
          FileReaderConfig.builder(options.inputs()).host(options.host()).build(), settings);
    }
    GeneratorConfig.Builder g =
        GeneratorConfig.builder()
            .seed(options.seed())
            .rate(options.rate())
            .start(options.start())
            .span(options.span())
            .lateFraction(options.lateFraction())
            .invalidFraction(options.invalidFraction());
    if (options.duration() != null) {
      g.duration(options.duration());
    } else {
      g.events(options.events());
    }
    return IngestRun.generator(g.build(), settings);
  }

  /** One line saying what is ingested, for the run's first lines. */
  static String describe(LocalOptions options) {
    if (!options.usesGenerator()) {
      return options.inputs().size() + " file(s): " + options.inputs();
    }
    String amount =
        options.duration() != null
            ? "for " + options.duration()
            : String.format("%,d events", options.events());
    return String.format(
        "generated traffic, %s, event time %s + %s, %s",
        amount,
        options.start(),
        options.span(),
        options.rate() > 0 ? String.format("%,.0f ev/s", options.rate()) : "as fast as possible");
  }
}
