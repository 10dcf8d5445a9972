package io.logpipe.lake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PartFileNameTest {

  @Test
  void formatCarriesTopicPartitionAndOffsetRange() {
    PartFileName n = new PartFileName("logs_curated", 2, 1234, 98765, "snappy");
    assertThat(n.format())
        .isEqualTo("part-logs_curated+2+00000000000000001234+00000000000000098765.snappy.parquet");
    assertThat(PartFileName.parse(n.format())).isEqualTo(n);
  }

  @Test
  void namesSortByOffset() {
    String a = new PartFileName("t", 0, 9, 99, "zstd").format();
    String b = new PartFileName("t", 0, 100, 100, "zstd").format();
    assertThat(a).isLessThan(b);
  }

  @Test
  void topicsWithDotsAndDashesRoundTrip() {
    PartFileName n = new PartFileName("prod.logs-curated_v2", 11, 0, 0, "snappy");
    assertThat(PartFileName.parse(n.format())).isEqualTo(n);
  }

  @Test
  void rejectsBadNamesAndRanges() {
    assertThat(PartFileName.parse("part-00000-abc.snappy.parquet")).isNull();
    assertThat(PartFileName.parse("_SUCCESS")).isNull();
    assertThatThrownBy(() -> new PartFileName("t", 0, 10, 9, "snappy"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new PartFileName("a/b", 0, 1, 1, "snappy"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
