package io.logpipe.processor.config;

/**
 * A property has a value the processor cannot use; the message names the key, the value and what is
 * expected.
 */
public final class ConfigException extends IllegalArgumentException {

  public ConfigException(String key, String value, String expected) {
    super("Invalid value '" + value + "' for " + key + ": expected " + expected);
  }

  public ConfigException(String message) {
    super(message);
  }
}
