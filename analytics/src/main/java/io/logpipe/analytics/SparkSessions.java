package io.logpipe.analytics;

import java.util.Optional;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/** Creates the SparkSession of a run, with this job's defaults for what spark-submit and the user left unset. */
public final class SparkSessions {

    /** Shuffle partitions per core in local mode: Spark's default of 200 costs more than it brings on a few cores. */
    static final int LOCAL_SHUFFLE_PARTITIONS_PER_CORE = 4;

    private SparkSessions() {
    }

    /**
     * A session whose master is {@code master}, else spark-submit's, else {@link AnalyticsConfig#DEFAULT_MASTER}.
     * In local mode the web UI is off and shuffles use a few partitions per core, unless configured otherwise.
     */
    public static SparkSession create(Optional<String> master) {
        SparkConf submitted = new SparkConf(); // spark.* system properties, as spark-submit sets them
        String m = master.orElse(submitted.get("spark.master", AnalyticsConfig.DEFAULT_MASTER));
        SparkSession.Builder builder = SparkSession.builder().appName("logpipe-analytics").master(m);
        if (m.startsWith("local")) {
            if (!submitted.contains("spark.ui.enabled")) {
                builder.config("spark.ui.enabled", "false");
            }
            if (!submitted.contains("spark.sql.shuffle.partitions")) {
                int cores = Runtime.getRuntime().availableProcessors();
                builder.config("spark.sql.shuffle.partitions",
                        String.valueOf(Math.max(8, LOCAL_SHUFFLE_PARTITIONS_PER_CORE * cores)));
            }
        }
        if (!submitted.contains("spark.sql.session.timeZone")) {
            // The lake is partitioned in UTC by default; printing timestamps in UTC keeps them comparable.
            builder.config("spark.sql.session.timeZone", "UTC");
        }
        return builder.getOrCreate();
    }
}
