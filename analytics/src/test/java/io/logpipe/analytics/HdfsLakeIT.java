package io.logpipe.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.logpipe.analytics.testing.LakeFixture;
import io.logpipe.analytics.testing.LogEventRow;
import io.logpipe.analytics.testing.SparkTestSession;
import io.logpipe.testkit.ListeningSockets;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job against a lake on a real HDFS (MiniDFSCluster at Spark's Hadoop 3.3.4), output on HDFS
 * too.
 */
class HdfsLakeIT {

  @TempDir static Path tmp;

  private static MiniDFSCluster hdfs;
  private static SparkSession spark;

  @BeforeAll
  static void start() throws Exception {
    Configuration conf = new Configuration();
    conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, tmp.resolve("hdfs").toString());
    hdfs = new MiniDFSCluster.Builder(conf).numDataNodes(1).format(true).build();
    hdfs.waitActive();
    spark = SparkTestSession.start();
  }

  @AfterAll
  static void stop() {
    if (spark != null) {
      spark.stop();
    }
    if (hdfs != null) {
      hdfs.shutdown();
    }
  }

  @Test
  void readsAndWritesAnHdfsLake() throws Exception {
    String lake = hdfs.getURI() + "/datalake/logs";
    LocalDateTime h10 = LocalDateTime.of(2025, 12, 24, 10, 0);
    List<LogEventRow> events = LakeFixture.events(11, 60, h10, h10.plusHours(1));
    LakeFixture.writeParquet(spark, lake + "/curated", events);
    FileSystem fs = hdfs.getFileSystem();
    fs.delete(new org.apache.hadoop.fs.Path(lake + "/curated/_SUCCESS"), false);
    fs.create(new org.apache.hadoop.fs.Path(lake + "/curated/dt=2025-12-24/hour=10/_SUCCESS"))
        .close();

    SparkTestSession.Run run = SparkTestSession.run(spark, "--lake", lake, "--complete-only");
    assertThat(run.exitCode()).as(run.err()).isZero();

    JsonNode summary;
    try (InputStream in =
        fs.open(new org.apache.hadoop.fs.Path(lake + "/analytics/summary.json"))) {
      summary = new ObjectMapper().readTree(in);
    }
    assertThat(summary.get("total_requests").asLong())
        .isEqualTo(events.stream().filter(e -> e.ts().getHour() == 10).count());
    assertThat(spark.read().parquet(lake + "/analytics/kpi_by_hour").count()).isEqualTo(1);
    assertThat(fs.exists(new org.apache.hadoop.fs.Path(lake + "/analytics/report.html"))).isTrue();
    assertThat(
            fs.exists(
                new org.apache.hadoop.fs.Path(
                    lake
                        + "/analytics/top_paths_csv/period=2025-12-24T10_2025-12-24T10/top_paths.csv")))
        .isTrue();
  }

  /**
   * Nothing of a test run is reachable from the network: every socket this JVM listens on is a
   * loopback one.
   */
  @Test
  void sparkAndHdfsListenOnLoopbackOnly() {
    List<ListeningSockets.Socket> sockets = ListeningSockets.ofThisProcess();
    assertThat(sockets).as("Spark's driver and the MiniDFSCluster listen").isNotEmpty();
    assertThat(sockets)
        .allSatisfy(s -> assertThat(s.onLoopback()).as("%s is on loopback", s).isTrue());
  }
}
