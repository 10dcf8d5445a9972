package io.logpipe.commandline;

import java.time.Duration;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Where Kafka is, the same for every command: {@code -b/--bootstrap-servers} (default {@value
 * #DEFAULT_BOOTSTRAP}) and {@code --connect-timeout}, the short check that the broker answers
 * before the clients' own timeouts (a minute and more) apply, so that a wrong address fails in
 * seconds with one line naming it.
 */
public final class KafkaConnection {

  public static final String DEFAULT_BOOTSTRAP = "localhost:9092";
  public static final String DEFAULT_CONNECT_TIMEOUT = "5s";

  @Spec(Spec.Target.MIXEE)
  CommandSpec mixee;

  @Option(
      names = {"-b", "--bootstrap-servers"},
      paramLabel = "HOST:PORT[,...]",
      defaultValue = DEFAULT_BOOTSTRAP,
      description = "Kafka bootstrap servers (default: ${DEFAULT-VALUE}).")
  String bootstrapServers;

  @Option(
      names = "--connect-timeout",
      paramLabel = "DURATION",
      defaultValue = DEFAULT_CONNECT_TIMEOUT,
      converter = DurationConverter.class,
      description =
          "How long Kafka has to answer a first request before the command stops with an error naming"
              + " the servers; the clients' own timeouts apply after that (default: ${DEFAULT-VALUE}; 0s: no check).")
  Duration connectTimeout;

  /** The servers given on the command line, else the default. */
  public String bootstrapServers() {
    return bootstrapServers;
  }

  /**
   * The servers given on the command line, else {@code configured} when not null (a properties
   * file's), else the default.
   */
  public String bootstrapServers(String configured) {
    return configured != null && !givenOnCommandLine() ? configured : bootstrapServers;
  }

  public Duration connectTimeout() {
    return connectTimeout;
  }

  private boolean givenOnCommandLine() {
    var line = mixee == null ? null : mixee.commandLine();
    var parsed = line == null ? null : line.getParseResult();
    return parsed != null && parsed.hasMatchedOption("--bootstrap-servers");
  }

  /**
   * Waits at most {@link #connectTimeout()} for Kafka at {@code servers} to answer, with the client
   * properties the command will use (security settings matter).
   *
   * @throws BrokerUnreachableException with a one-line reason naming the servers
   */
  public void awaitBroker(String servers, Map<String, ?> clientProperties)
      throws InterruptedException {
    if (!connectTimeout.isZero() && !connectTimeout.isNegative()) {
      BrokerCheck.await(servers, clientProperties, connectTimeout);
    }
  }
}
