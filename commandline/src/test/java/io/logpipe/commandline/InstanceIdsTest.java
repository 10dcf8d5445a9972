package io.logpipe.commandline;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class InstanceIdsTest {

  @Test
  void stablePerDirectoryAndDifferentAcrossDirectories() {
    String a = InstanceIds.derive("logpipe-hdfs-sink", Path.of("a"));
    assertThat(a).isEqualTo(InstanceIds.derive("logpipe-hdfs-sink", Path.of("a").toAbsolutePath()));
    assertThat(a).isNotEqualTo(InstanceIds.derive("logpipe-hdfs-sink", Path.of("b")));
    assertThat(a).matches("logpipe-hdfs-sink-[A-Za-z0-9._-]+-[0-9a-f]{8}");
  }
}
