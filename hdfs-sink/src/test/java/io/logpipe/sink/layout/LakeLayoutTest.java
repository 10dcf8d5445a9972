package io.logpipe.sink.layout;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;

class LakeLayoutTest {

  @Test
  void layoutKeepsSinkFilesHiddenAndManifestsNamedByOffset() {
    LakeLayout layout = new LakeLayout(URI.create("hdfs://nn:8020/datalake/logs/"));
    assertThat(layout.curated().toString()).isEqualTo("hdfs://nn:8020/datalake/logs/curated");
    assertThat(layout.tempDir("logs_curated", 1).toString())
        .isEqualTo("hdfs://nn:8020/datalake/logs/curated/_logpipe_sink/tmp/logs_curated/1");
    String manifest = layout.manifest("logs_curated", 1, 42).getName();
    assertThat(manifest).isEqualTo("00000000000000000042.commit");
    assertThat(LakeLayout.manifestFrom(manifest)).isEqualTo(42);
    assertThat(LakeLayout.manifestFrom("abc.commit")).isEqualTo(-1);
    assertThat(LakeLayout.isHidden("_logpipe_sink")).isTrue();
    assertThat(LakeLayout.isHidden(".part.crc")).isTrue();
    assertThat(LakeLayout.isHidden("part-x.parquet")).isFalse();
  }
}
