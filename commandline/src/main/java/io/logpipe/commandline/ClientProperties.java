package io.logpipe.commandline;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The client properties a command was given: a properties file, then the repeatable {@code
 * KEY=VALUE} flag over it. Each client kind has its own mixin with its own names ({@link
 * ProducerProperties}, {@link ConsumerProperties}, {@link StreamsProperties}); this is what they
 * share.
 */
public final class ClientProperties {

  private ClientProperties() {}

  /**
   * @param fileOption the option naming {@code file}, for the message
   * @throws IOException naming the option and the file when it cannot be read
   */
  public static Map<String, String> merge(String fileOption, Path file, Map<String, String> flags)
      throws IOException {
    Map<String, String> merged = new LinkedHashMap<>();
    if (file != null) {
      if (!Files.isReadable(file)) {
        throw new IOException(fileOption + " " + file + ": no such readable file");
      }
      Properties p = new Properties();
      try (InputStream in = Files.newInputStream(file)) {
        p.load(in);
      } catch (IllegalArgumentException e) { // e.g. a malformed unicode escape
        throw new IOException(fileOption + " " + file + ": " + e.getMessage(), e);
      }
      p.stringPropertyNames().forEach(k -> merged.put(k, p.getProperty(k).strip()));
    }
    merged.putAll(flags);
    return merged;
  }
}
