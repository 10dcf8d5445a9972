package io.logpipe.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import io.logpipe.lake.LocalLakeFileSystem;
import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;

class SparkSessionsTest {

  @Test
  void localDriverListensOnLoopbackByDefault() {
    assertThat(SparkSessions.driverOnLoopback(new SparkConf(false), null))
        .containsExactly(
            java.util.Map.entry("spark.driver.bindAddress", "127.0.0.1"),
            java.util.Map.entry("spark.driver.host", "127.0.0.1"));
  }

  @Test
  void configuredDriverAddressesAreLeftAsTheUserSetThem() {
    SparkConf conf = new SparkConf(false).set("spark.driver.bindAddress", "0.0.0.0");
    assertThat(SparkSessions.driverOnLoopback(conf, null)).containsOnlyKeys("spark.driver.host");
    assertThat(SparkSessions.driverOnLoopback(new SparkConf(false), "10.0.0.5")).isEmpty();
  }

  @Test
  void localModeMapsFilePathsToTheLocalLakeFileSystemUnlessConfigured() {
    assertThat(SparkSessions.localDefaults(new SparkConf(false), 2))
        .containsEntry("spark.hadoop.fs.file.impl", LocalLakeFileSystem.class.getName())
        .containsEntry("spark.sql.shuffle.partitions", "8")
        .containsEntry("spark.ui.enabled", "false");
    SparkConf own =
        new SparkConf(false)
            .set("spark.hadoop.fs.file.impl", "org.apache.hadoop.fs.LocalFileSystem")
            .set("spark.sql.shuffle.partitions", "3");
    assertThat(SparkSessions.localDefaults(own, 4))
        .doesNotContainKeys("spark.hadoop.fs.file.impl", "spark.sql.shuffle.partitions")
        .containsEntry("spark.sql.files.minPartitionNum", "16");
  }
}
