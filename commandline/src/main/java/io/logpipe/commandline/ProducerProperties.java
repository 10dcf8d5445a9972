package io.logpipe.commandline;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * Kafka producer settings: {@code --producer-config FILE}, then {@code -X/--producer-property
 * KEY=VALUE} over it.
 */
public final class ProducerProperties {

  @Option(
      names = "--producer-config",
      paramLabel = "FILE",
      description = "Properties file of Kafka producer settings (security, timeouts, ...).")
  Path file;

  @Option(
      names = {"-X", "--producer-property"},
      paramLabel = "KEY=VALUE",
      description = "One Kafka producer setting, repeatable; applied over --producer-config.")
  Map<String, String> flags = new LinkedHashMap<>();

  /**
   * The file's settings, then the flags', then {@code legacy} (an old spelling's, kept for one
   * release).
   *
   * @throws IOException naming the file when it cannot be read
   */
  public Map<String, String> load(Map<String, String> legacy) throws IOException {
    Map<String, String> all = new LinkedHashMap<>(legacy);
    all.putAll(ClientProperties.merge("--producer-config", file, flags));
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
