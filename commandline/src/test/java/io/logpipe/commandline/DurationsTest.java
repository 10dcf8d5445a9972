package io.logpipe.commandline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {

  @Test
  void acceptsAUnitSuffixOrIso8601() {
    assertThat(Durations.parse("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(Durations.parse("10s")).isEqualTo(Duration.ofSeconds(10));
    assertThat(Durations.parse("30s")).isEqualTo(Duration.ofSeconds(30));
    assertThat(Durations.parse("5m")).isEqualTo(Duration.ofMinutes(5));
    assertThat(Durations.parse("15m")).isEqualTo(Duration.ofMinutes(15));
    assertThat(Durations.parse("6h")).isEqualTo(Duration.ofHours(6));
    assertThat(Durations.parse("2d")).isEqualTo(Duration.ofDays(2));
    assertThat(Durations.parse("PT90S")).isEqualTo(Duration.ofSeconds(90));
    assertThat(Durations.parse("PT6H")).isEqualTo(Duration.ofHours(6));
    assertThat(Durations.parse("0s")).isEqualTo(Duration.ZERO);
  }

  @Test
  void ignoresCaseAndSurroundingBlanks() {
    assertThat(Durations.parse("pt30s")).isEqualTo(Duration.ofSeconds(30));
    assertThat(Durations.parse("Pt1m")).isEqualTo(Duration.ofMinutes(1));
    assertThat(Durations.parse(" 250MS ")).isEqualTo(Duration.ofMillis(250));
    assertThat(Durations.parse("2 h")).isEqualTo(Duration.ofHours(2));
  }

  @Test
  void refusesABareNumberAsAmbiguous() {
    assertThatThrownBy(() -> Durations.parse("1500"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'1500' has no unit")
        .hasMessageContaining("1500ms or 1500s")
        .hasMessageContaining(Durations.ACCEPTED_FORMS);
    assertThatThrownBy(() -> Durations.parse("0")).hasMessageContaining("has no unit");
  }

  @Test
  void namesTheAcceptedFormsOtherwise() {
    for (String bad : new String[] {"soon", "", "10 minutes", "1.5s", "10min", "-5s", "P"}) {
      assertThatThrownBy(() -> Durations.parse(bad))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("'" + bad + "' is not a duration")
          .hasMessageContaining(Durations.ACCEPTED_FORMS);
    }
  }

  @Test
  void refusesAnAmountBeyondDurationsRange() {
    assertThatThrownBy(() -> Durations.parse("99999999999999999999d"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("too long");
    assertThatThrownBy(() -> Durations.parse(Long.MAX_VALUE + "d"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("too long");
  }
}
