package io.logpipe.sink.fs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sink paces the HDFS client's close retries itself only where nobody configured them. */
class HdfsCloseRetriesTest {

  @TempDir Path dir;

  @Test
  void hadoopsOwnDefaultsAreReplacedInACopy() {
    Configuration conf = new Configuration(false);
    conf.addResource("hdfs-default.xml"); // what an HDFS client loads: 400 ms, 5 retries
    assertThat(conf.getInt(HdfsCloseRetries.INITIAL_DELAY, -1)).isEqualTo(400);

    Configuration tuned = HdfsCloseRetries.apply(conf);

    assertThat(tuned).isNotSameAs(conf);
    assertThat(tuned.getInt(HdfsCloseRetries.INITIAL_DELAY, -1)).isEqualTo(25);
    assertThat(tuned.getInt(HdfsCloseRetries.RETRIES, -1)).isEqualTo(9);
    assertThat(conf.getInt(HdfsCloseRetries.INITIAL_DELAY, -1))
        .as("the caller's configuration")
        .isEqualTo(400);
    // Still at least as patient in all as Hadoop's defaults (400 ms doubling, 5 retries: 12.4 s).
    assertThat(25L * ((1 << 9) - 1)).isGreaterThanOrEqualTo(400L * ((1 << 5) - 1));
  }

  @Test
  void unsetKeysAreSetToo() {
    Configuration tuned = HdfsCloseRetries.apply(new Configuration(false));
    assertThat(tuned.getInt(HdfsCloseRetries.INITIAL_DELAY, -1)).isEqualTo(25);
    assertThat(tuned.getInt(HdfsCloseRetries.RETRIES, -1)).isEqualTo(9);
  }

  @Test
  void eitherKeySetByTheCallerLeavesBothAlone() {
    Configuration delay = new Configuration(false);
    delay.setInt(HdfsCloseRetries.INITIAL_DELAY, 400);
    assertThat(HdfsCloseRetries.apply(delay)).isSameAs(delay);

    Configuration retries = new Configuration(false);
    retries.setInt(HdfsCloseRetries.RETRIES, 3);
    Configuration out = HdfsCloseRetries.apply(retries);
    assertThat(out).isSameAs(retries);
    assertThat(out.get(HdfsCloseRetries.INITIAL_DELAY)).isNull();
  }

  @Test
  void aSiteFileWins() throws Exception {
    Path site = dir.resolve("hdfs-site.xml");
    Files.writeString(
        site,
        "<?xml version=\"1.0\"?><configuration><property><name>"
            + HdfsCloseRetries.INITIAL_DELAY
            + "</name><value>100</value></property></configuration>");
    Configuration conf = new Configuration(false);
    conf.addResource("hdfs-default.xml");
    conf.addResource(new org.apache.hadoop.fs.Path(site.toUri()));

    Configuration out = HdfsCloseRetries.apply(conf);

    assertThat(out).isSameAs(conf);
    assertThat(out.getInt(HdfsCloseRetries.INITIAL_DELAY, -1)).isEqualTo(100);
  }

  /**
   * An hdfs-site.xml on the class path counts too, before the HDFS client itself has loaded it. (In
   * a JVM where some test already created a FileSystem, Hadoop has registered hdfs-site.xml itself;
   * run alone, this fails without {@code HdfsConfiguration.init()} in {@link
   * HdfsCloseRetries#apply}.)
   */
  @Test
  void aSiteFileOnTheClassPathWins() throws Exception {
    Path classpath = Files.createDirectories(dir.resolve("classpath"));
    Files.writeString(
        classpath.resolve("hdfs-site.xml"),
        "<?xml version=\"1.0\"?><configuration><property><name>"
            + HdfsCloseRetries.INITIAL_DELAY
            + "</name><value>1000</value></property></configuration>");
    try (java.net.URLClassLoader loader =
        new java.net.URLClassLoader(
            new java.net.URL[] {classpath.toUri().toURL()}, getClass().getClassLoader())) {
      Configuration conf = new Configuration();
      conf.setClassLoader(loader);

      Configuration out = HdfsCloseRetries.apply(conf);

      assertThat(out.getInt(HdfsCloseRetries.INITIAL_DELAY, -1)).isEqualTo(1000);
    }
  }
}
