package io.logpipe.processor.config;

/**
 * A property has a value the processor cannot use; the message names the key, the value and what is
 * expected.
 */
public final class ConfigException extends IllegalArgumentException {

  private final String key;
  private final String expected;

  public ConfigException(String key, String value, String expected) {
    super("Invalid value '" + value + "' for " + key + ": expected " + expected);
    this.key = key;
    this.expected = expected;
  }

  public ConfigException(String message) {
    super(message);
    this.key = null;
    this.expected = null;
  }

  /** The same complaint about {@code value} as the user wrote it. */
  ConfigException withValue(String value) {
    return key == null ? this : new ConfigException(key, value, expected);
  }

  /** The key whose value is refused, or null when the problem is not one key's. */
  public String key() {
    return key;
  }
}
