package io.logpipe.analytics;

import io.logpipe.lake.LocalLakeFileSystem;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * Creates the SparkSession of a run, with this job's defaults for what spark-submit and the user
 * left unset.
 */
public final class SparkSessions {

  /**
   * Where a local-mode driver chosen by logpipe listens and is reached: nothing of a trial run on
   * the network.
   */
  public static final String LOOPBACK = "127.0.0.1";

  /**
   * Shuffle partitions per core in local mode: Spark's default of 200 costs more than it brings on
   * a few cores.
   */
  static final int LOCAL_SHUFFLE_PARTITIONS_PER_CORE = 4;

  /** Paths Spark lists on the driver, in local mode, before it lists them with a Spark job. */
  static final int LOCAL_LISTING_THRESHOLD = 10_000;

  /** Hadoop's class for {@code file:} paths, as a Spark setting. */
  static final String LOCAL_FS_IMPL = "spark.hadoop.fs.file.impl";

  private SparkSessions() {}

  /**
   * A session whose master is {@code master}, else spark-submit's, else {@link
   * AnalyticsConfig#DEFAULT_MASTER}. Timestamps are shown in {@code lakeZone} unless
   * spark.sql.session.timeZone is set. In local mode the web UI is off, shuffles use a few
   * partitions per core and {@code file:} paths {@link LocalLakeFileSystem}, unless configured
   * otherwise; when logpipe chose local mode (not spark-submit), the driver also binds to and
   * advertises {@link #LOOPBACK}.
   */
  public static SparkSession create(Optional<String> master, ZoneId lakeZone) {
    SparkConf submitted = new SparkConf(); // spark.* system properties, as spark-submit sets them
    boolean chosenHere = master.isPresent() || !submitted.contains("spark.master");
    String m = master.orElse(submitted.get("spark.master", AnalyticsConfig.DEFAULT_MASTER));
    SparkSession.Builder builder = SparkSession.builder().appName("logpipe-analytics").master(m);
    if (m.startsWith("local") && chosenHere) {
      driverOnLoopback(submitted, System.getenv("SPARK_LOCAL_IP")).forEach(builder::config);
    }
    if (m.startsWith("local")) {
      localDefaults(submitted, Runtime.getRuntime().availableProcessors()).forEach(builder::config);
    }
    if (!submitted.contains("spark.sql.session.timeZone")) {
      // Timestamps print in the zone the lake's dt/hour directories are named in, so the two agree.
      builder.config("spark.sql.session.timeZone", lakeZone.getId());
    }
    return builder.getOrCreate();
  }

  /** This job's local-mode settings on {@code cores} cores, leaving out those configured. */
  static Map<String, String> localDefaults(SparkConf submitted, int cores) {
    int perCore = Math.max(8, LOCAL_SHUFFLE_PARTITIONS_PER_CORE * cores);
    Map<String, String> defaults = new LinkedHashMap<>();
    defaults.put("spark.ui.enabled", "false");
    defaults.put("spark.sql.shuffle.partitions", String.valueOf(perCore));
    // Above 32 paths (a lake's hours), Spark lists them with a Spark job of one task per path; on
    // one machine the driver lists a few hundred directories faster than that job starts.
    defaults.put(
        "spark.sql.sources.parallelPartitionDiscovery.threshold",
        String.valueOf(LOCAL_LISTING_THRESHOLD));
    // Spark packs a lake's small hourly files into one task per core: the last task then runs
    // alone. A few tasks per core keep every core busy to the end of the scan.
    defaults.put("spark.sql.files.minPartitionNum", String.valueOf(perCore));
    // A local lake and output without a chmod process per file and directory Hadoop creates (no
    // native Hadoop library here): 4-5 s of a 10M-row run's writes went to those.
    defaults.put(LOCAL_FS_IMPL, LocalLakeFileSystem.class.getName());
    defaults.keySet().removeIf(submitted::contains);
    return defaults;
  }

  /**
   * The driver settings that keep a local-mode driver on loopback, leaving out those the user
   * configured. Why: unset, Spark derives both from the host name and, when that resolves to a
   * loopback address, takes a network interface's address instead, so the driver's RPC and block
   * manager of a trial run listen on the network. {@code SPARK_LOCAL_IP} is the user's choice of
   * address too, so it leaves both to Spark.
   */
  static Map<String, String> driverOnLoopback(SparkConf submitted, String sparkLocalIp) {
    Map<String, String> settings = new LinkedHashMap<>();
    if (sparkLocalIp != null && !sparkLocalIp.isBlank()) {
      return settings;
    }
    for (String key : new String[] {"spark.driver.bindAddress", "spark.driver.host"}) {
      if (!submitted.contains(key)) {
        settings.put(key, LOOPBACK);
      }
    }
    return settings;
  }
}
