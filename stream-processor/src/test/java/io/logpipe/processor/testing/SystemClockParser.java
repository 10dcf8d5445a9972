package io.logpipe.processor.testing;

import io.logpipe.processor.config.ProcessorConfig;
import io.logpipe.processor.parse.LogLineParser;
import java.time.Clock;
import java.time.ZoneId;

/**
 * Parsers for tests that do not care about the future-timestamp check: the system clock, 15 min.
 */
public final class SystemClockParser {

  private SystemClockParser() {}

  public static LogLineParser of(int maxLineBytes, String defaultHost, ZoneId zone) {
    return new LogLineParser(
        maxLineBytes, defaultHost, zone, ProcessorConfig.DEFAULT_MAX_FUTURE, Clock.systemUTC());
  }
}
