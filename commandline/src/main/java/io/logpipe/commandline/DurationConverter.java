package io.logpipe.commandline;

import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** picocli's reading of a duration option: the syntax of {@link Durations}. */
public final class DurationConverter implements ITypeConverter<Duration> {

  /**
   * @throws TypeConversionException with the accepted forms when {@code value} is none of them
   */
  @Override
  public Duration convert(String value) {
    try {
      return Durations.parse(value);
    } catch (IllegalArgumentException e) {
      throw new TypeConversionException(e.getMessage());
    }
  }
}
