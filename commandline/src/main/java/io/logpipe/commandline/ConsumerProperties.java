package io.logpipe.commandline;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * Kafka consumer settings: {@code --consumer-config FILE}, then {@code -X/--consumer-property
 * KEY=VALUE} over it.
 */
public final class ConsumerProperties {

  @Option(
      names = "--consumer-config",
      paramLabel = "FILE",
      description = "Properties file of Kafka consumer settings (security, timeouts, ...).")
  Path file;

  @Option(
      names = {"-X", "--consumer-property"},
      paramLabel = "KEY=VALUE",
      description = "One Kafka consumer setting, repeatable; applied over --consumer-config.")
  Map<String, String> flags = new LinkedHashMap<>();

  /**
   * The file's settings, then the flags', then {@code legacy} (an old spelling's, kept for one
   * release).
   *
   * @throws IOException naming the file when it cannot be read
   */
  public Map<String, String> load(Map<String, String> legacy) throws IOException {
    Map<String, String> all = new LinkedHashMap<>(legacy);
    all.putAll(ClientProperties.merge("--consumer-config", file, flags));
    return all;
  }

  /** The file's settings, then the flags'. */
  public Map<String, String> load() throws IOException {
    return load(Map.of());
  }

  /** The file given, or null. */
  public Path file() {
    return file;
  }
}
