package io.logpipe.commandline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

class DurationConverterTest {

  @Test
  void acceptsAUnitSuffixOrIso8601() {
    assertThat(DurationConverter.parse("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(DurationConverter.parse("10s")).isEqualTo(Duration.ofSeconds(10));
    assertThat(DurationConverter.parse("5m")).isEqualTo(Duration.ofMinutes(5));
    assertThat(DurationConverter.parse("6h")).isEqualTo(Duration.ofHours(6));
    assertThat(DurationConverter.parse("2d")).isEqualTo(Duration.ofDays(2));
    assertThat(DurationConverter.parse("PT90S")).isEqualTo(Duration.ofSeconds(90));
  }

  @Test
  void namesTheAcceptedFormsOtherwise() {
    assertThatThrownBy(() -> DurationConverter.parse("soon"))
        .isInstanceOf(TypeConversionException.class)
        .hasMessageContaining("'soon' is not a duration")
        .hasMessageContaining("30s");
  }
}
