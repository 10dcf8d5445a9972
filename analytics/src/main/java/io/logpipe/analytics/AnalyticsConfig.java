package io.logpipe.analytics;

import io.logpipe.analytics.lake.HourRange;
import io.logpipe.lake.LakeNames;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Objects;
import java.util.Optional;

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
 */
public record AnalyticsConfig(
    String lake,
    ZoneId zone,
    Optional<LocalDateTime> from,
    Optional<LocalDateTime> to,
    boolean completeOnly,
    int top,
    String output,
    Optional<String> master) {

  /** Default number of rows of {@code top_paths}. */
  public static final int DEFAULT_TOP = 20;

  /** Master used when neither {@code --master} nor spark-submit sets one. */
  public static final String DEFAULT_MASTER = "local[*]";

  /**
   * Accuracy passed to {@code percentile_approx}: a returned percentile's rank is within {@code
   * ceil(n / PERCENTILE_ACCURACY)} of the exact rank over {@code n} values (exact below that many
   * values).
   */
  public static final int PERCENTILE_ACCURACY = 10_000;

  public AnalyticsConfig {
    Objects.requireNonNull(lake, "lake");
    Objects.requireNonNull(zone, "zone");
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(output, "output");
    Objects.requireNonNull(master, "master");
    if (top < 1) {
      throw new IllegalArgumentException("top must be >= 1, was " + top);
    }
  }

  /** The hours to select, with open bounds filled in; empty when neither bound is given. */
  public Optional<HourRange> range() {
    if (from.isEmpty() && to.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new HourRange(from.orElse(HourRange.OPEN_START), to.orElse(HourRange.OPEN_END)));
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
