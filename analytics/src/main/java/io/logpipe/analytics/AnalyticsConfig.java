package io.logpipe.analytics;

import io.logpipe.analytics.lake.CuratedSource;
import io.logpipe.analytics.lake.HourRange;
import io.logpipe.analytics.table.IcebergCurated;
import io.logpipe.analytics.table.TableSpec;
import io.logpipe.lake.LakeNames;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Objects;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;

/**
 * Everything one run of {@link BatchAnalytics} needs, already validated.
 *
 * @param lake root of the lake, any Hadoop FileSystem URI (the job reads {@code <lake>/curated})
 * @param zone the zone the lake's {@code dt=}/{@code hour=} directories are named in (the sink's
 *     {@code --zone}); {@code from} and {@code to} are local hours of it
 * @param from first hour to read, inclusive; empty means from the lake's first hour
 * @param to last hour to read, inclusive; empty means up to the lake's last hour
 * @param completeOnly read only hour partitions that contain a {@code _SUCCESS} marker
 * @param top number of rows of {@code top_paths}
 * @param output where the tables, {@code summary.json} and {@code report.html} go
 * @param master Spark master given on the command line; empty means spark-submit's, else {@link
 *     #DEFAULT_MASTER}
 * @param hour an hour whose partials are computed again even when up to date ({@code --hour})
 * @param watch keep running, computing each hour as it completes ({@code --watch})
 * @param pollInterval how often {@code --watch} lists the lake
 * @param table the sink's Iceberg table to read instead of the file lake ({@code --table}); empty:
 *     the file lake
 */
public record AnalyticsConfig(
    String lake,
    ZoneId zone,
    Optional<LocalDateTime> from,
    Optional<LocalDateTime> to,
    boolean completeOnly,
    int top,
    String output,
    Optional<String> master,
    Optional<LocalDateTime> hour,
    boolean watch,
    Duration pollInterval,
    Optional<TableSpec> table) {

  /** Default number of rows of {@code top_paths}. */
  public static final int DEFAULT_TOP = 20;

  /** Master used when neither {@code --master} nor spark-submit sets one. */
  public static final String DEFAULT_MASTER = "local[*]";

  /** How often {@code --watch} lists the lake unless told otherwise. */
  public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(1);

  public AnalyticsConfig {
    Objects.requireNonNull(lake, "lake");
    Objects.requireNonNull(zone, "zone");
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(output, "output");
    Objects.requireNonNull(master, "master");
    Objects.requireNonNull(hour, "hour");
    Objects.requireNonNull(pollInterval, "pollInterval");
    Objects.requireNonNull(table, "table");
    if (hour.isPresent()
        && (from.map(hour.get()::isBefore).orElse(false)
            || to.map(hour.get()::isAfter).orElse(false))) {
      throw new IllegalArgumentException(
          "--hour " + HourRange.format(hour.get()) + " is outside --from/--to");
    }
    if (watch && hour.isPresent()) {
      throw new IllegalArgumentException("--hour and --watch do not go together");
    }
    if (pollInterval.isNegative() || pollInterval.isZero()) {
      throw new IllegalArgumentException("the poll interval must be positive");
    }
    if (top < 1) {
      throw new IllegalArgumentException("top must be >= 1, was " + top);
    }
  }

  /**
   * A copy with hour markers required ({@code --watch} computes complete hours only) and without a
   * forced hour.
   */
  public AnalyticsConfig completeHoursOnly() {
    return new AnalyticsConfig(
        lake,
        zone,
        from,
        to,
        true,
        top,
        output,
        master,
        Optional.empty(),
        watch,
        pollInterval,
        table);
  }

  /** The hours to select, with open bounds filled in; empty when neither bound is given. */
  public Optional<HourRange> range() {
    if (from.isEmpty() && to.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new HourRange(from.orElse(HourRange.OPEN_START), to.orElse(HourRange.OPEN_END)));
  }

  /** What the curated events are read from, on {@code spark}. */
  public CuratedSource source(SparkSession spark) {
    return table
        .<CuratedSource>map(t -> new IcebergCurated(spark, lake, t))
        .orElseGet(() -> CuratedSource.files(spark, curatedPath()));
  }

  /** {@code <lake>/curated}. */
  public String curatedPath() {
    return LakeNames.under(lake, LakeNames.CURATED);
  }

  /** The default output of a lake: {@code <lake>/analytics}. */
  public static String defaultOutput(String lake) {
    return LakeNames.under(lake, LakeNames.ANALYTICS);
  }
}
