package io.logpipe.analytics.lake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.logpipe.lake.HourPartition;
import java.time.LocalDate;
import java.time.LocalDateTime;
import org.junit.jupiter.api.Test;

class HourRangeTest {

  @Test
  void aDayMeansItsFirstHourAsLowerBoundAndItsLastAsUpper() {
    assertThat(HourRange.parseFrom("2025-12-24")).isEqualTo(LocalDateTime.of(2025, 12, 24, 0, 0));
    assertThat(HourRange.parseTo("2025-12-24")).isEqualTo(LocalDateTime.of(2025, 12, 24, 23, 0));
    assertThat(HourRange.parseFrom("2025-12-24T07"))
        .isEqualTo(LocalDateTime.of(2025, 12, 24, 7, 0));
    assertThat(HourRange.parseTo("2025-12-24 7")).isEqualTo(LocalDateTime.of(2025, 12, 24, 7, 0));
  }

  @Test
  void rejectsMalformedBounds() {
    assertThatThrownBy(() -> HourRange.parseFrom("24/12/2025")).hasMessageContaining("YYYY-MM-DD");
    assertThatThrownBy(() -> HourRange.parseFrom("2025-02-30"))
        .hasMessageContaining("not a valid date");
    assertThatThrownBy(() -> HourRange.parseTo("2025-12-24T24")).hasMessageContaining("00 to 23");
    assertThatThrownBy(
            () ->
                new HourRange(
                    LocalDateTime.of(2025, 12, 24, 5, 0), LocalDateTime.of(2025, 12, 24, 4, 0)))
        .hasMessageContaining("is after");
  }

  @Test
  void containsIsInclusiveAtBothEnds() {
    HourRange r =
        new HourRange(LocalDateTime.of(2025, 12, 24, 22, 0), LocalDateTime.of(2025, 12, 25, 1, 0));
    LocalDate d24 = LocalDate.of(2025, 12, 24);
    LocalDate d25 = LocalDate.of(2025, 12, 25);
    assertThat(r.contains(new HourPartition(d24, 21))).isFalse();
    assertThat(r.contains(new HourPartition(d24, 22))).isTrue();
    assertThat(r.contains(new HourPartition(d25, 1))).isTrue();
    assertThat(r.contains(new HourPartition(d25, 2))).isFalse();
    assertThat(r.overlapsDay(d24)).isTrue();
    assertThat(r.overlapsDay(LocalDate.of(2025, 12, 26))).isFalse();
    assertThat(r.label()).isEqualTo("2025-12-24T22_2025-12-25T01");
  }
}
