package io.logpipe.commandline;

import picocli.CommandLine.Option;

/**
 * {@code -t/--topic}: the one topic a command reads or writes; each command gives its own default.
 */
public final class TopicOption {

  @Option(
      names = {"-t", "--topic"},
      paramLabel = "TOPIC",
      description = "Kafka topic (default: ${DEFAULT-VALUE}).")
  String topic;

  /**
   * Picocli's instance for a command that declares none; commands declare {@code new
   * TopicOption(default)}.
   */
  public TopicOption() {}

  public TopicOption(String defaultTopic) {
    this.topic = defaultTopic;
  }

  public String topic() {
    return topic;
  }
}
