package io.logpipe.commandline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

class DurationConverterTest {

  private final DurationConverter converter = new DurationConverter();

  @Test
  void readsTheSyntaxOfDurations() {
    assertThat(converter.convert("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(converter.convert("10s")).isEqualTo(Duration.ofSeconds(10));
    assertThat(converter.convert("5m")).isEqualTo(Duration.ofMinutes(5));
    assertThat(converter.convert("6h")).isEqualTo(Duration.ofHours(6));
    assertThat(converter.convert("2d")).isEqualTo(Duration.ofDays(2));
    assertThat(converter.convert("PT90S")).isEqualTo(Duration.ofSeconds(90));
    assertThat(converter.convert("pt90s")).isEqualTo(Duration.ofSeconds(90));
  }

  @Test
  void namesTheAcceptedFormsOtherwise() {
    assertThatThrownBy(() -> converter.convert("soon"))
        .isInstanceOf(TypeConversionException.class)
        .hasMessageContaining("'soon' is not a duration")
        .hasMessageContaining("30s");
    assertThatThrownBy(() -> converter.convert("10"))
        .isInstanceOf(TypeConversionException.class)
        .hasMessageContaining("'10' has no unit")
        .hasMessageContaining("30s");
  }
}
