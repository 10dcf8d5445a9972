package io.logpipe.analytics.cli;

import io.logpipe.analytics.AnalyticsConfig;
import io.logpipe.analytics.lake.HourRange;
import io.logpipe.analytics.table.TableSpec;
import io.logpipe.metrics.MetricsPortOption;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Command-line options of {@code BatchAnalytics}, turned into an {@link AnalyticsConfig} by {@link
 * #toConfig()}. Help and version follow the conventions of the other logpipe commands (module
 * {@code commandline}, which this module cannot depend on: Spark's classpath stays apart), and a
 * test in {@code cli} checks that they do.
 */
@Command(
    name = "batch-analytics",
    mixinStandardHelpOptions = true,
    versionProvider = AnalyticsOptions.Version.class,
    sortOptions = false,
    description = {
      "Computes KPIs over the logpipe lake (<lake>/curated/dt=YYYY-MM-DD/hour=HH/*.parquet) with Spark: "
          + "each hour's partial aggregates once (under <output>/hourly, again when the hour's files change), "
          + "then the tables top_paths, kpi_by_hour, kpi_by_host and top_paths_csv, summary.json and "
          + "report.html under the output, merged from them. With --table it reads the sink's Iceberg "
          + "table instead (--as-of: an earlier snapshot)."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:done",
      "1:any other failure",
      "2:bad option or configuration (nothing was started)",
      "3:bad input: missing or empty lake, no data in range, unexpected schema",
      "130:--watch stopped by Ctrl-C (143: by SIGTERM)"
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  # one day's complete hours of the lake on HDFS:",
      "  logpipe analytics --lake hdfs://namenode:8020/datalake/logs \\",
      "      --from 2026-11-23 --to 2026-11-23 --complete-only",
      "  # one hour again (what a scheduler runs when the hour completes):",
      "  logpipe analytics --lake hdfs://namenode:8020/datalake/logs \\",
      "      --hour 2026-11-23T13",
      "  # the sink's Iceberg table (sink --format iceberg), as of an earlier snapshot:",
      "  logpipe analytics --lake hdfs://namenode:8020/datalake/logs --table curated \\",
      "      --as-of 2026-11-23T13:00:00Z",
      "  # follow the lake, hour by hour:",
      "  logpipe analytics --lake hdfs://namenode:8020/datalake/logs --watch"
    })
public final class AnalyticsOptions {

  /** The command name in usage lines, as the user typed it; {@code logpipe analytics} sets it. */
  public static final String COMMAND_NAME_PROPERTY = "logpipe.command.name";

  @Option(
      names = "--lake",
      required = true,
      paramLabel = "URI",
      description =
          "Lake root, any Hadoop FileSystem URI or local directory "
              + "(e.g. hdfs://namenode:8020/datalake/logs, /var/lib/logpipe/lake).")
  String lake;

  @Option(
      names = "--zone",
      paramLabel = "ZONE",
      defaultValue = "UTC",
      description =
          "Time zone the lake's dt=/hour= directories are named in, as the sink's --zone "
              + "(default: ${DEFAULT-VALUE}). --from and --to are hours of it; timestamps print in it.")
  ZoneId zone;

  @Option(
      names = "--from",
      paramLabel = "DAY[THH]",
      description =
          "First hour to read, inclusive: YYYY-MM-DD (its hour 00) or YYYY-MM-DDTHH. Default: first in the lake.")
  String from;

  @Option(
      names = "--to",
      paramLabel = "DAY[THH]",
      description =
          "Last hour to read, inclusive: YYYY-MM-DD (its hour 23) or YYYY-MM-DDTHH. Default: last in the lake.")
  String to;

  @Option(
      names = "--complete-only",
      description = "Read only hours whose directory holds the sink's _SUCCESS marker.")
  boolean completeOnly;

  @Option(
      names = "--hour",
      paramLabel = "YYYY-MM-DDTHH",
      description =
          "Compute this hour's partials again even if they are up to date, then refresh the tables "
              + "(over the whole lake, or --from/--to) from the stored partials.")
  String hour;

  @Option(
      names = "--watch",
      description =
          "Keep running: compute each hour when the sink marks it complete (_SUCCESS) or when late "
              + "rows reach it, refresh the tables and the report, log one line per hour. "
              + "Implies --complete-only. Stops on Ctrl-C / SIGTERM.")
  boolean watch;

  @Mixin MetricsPortOption metrics = new MetricsPortOption();

  @Option(
      names = "--poll-interval",
      paramLabel = "DURATION",
      defaultValue = "1s",
      description =
          "How often --watch lists the lake (default: ${DEFAULT-VALUE}; 500ms, 5s, PT2S).")
  String pollInterval;

  @Option(
      names = "--table",
      paramLabel = "NAME|PATH",
      description =
          "Read the sink's Iceberg table (sink --format iceberg) instead of the file lake: NAME or"
              + " NAMESPACE.NAME in the sink's catalog (the Hadoop catalog whose warehouse is --lake:"
              + " <lake>/NAME; or --catalog-uri), or the table's location. Complete hours are those"
              + " the table marks (logpipe.hour-complete.* properties) instead of _SUCCESS. The"
              + " sink's default table is 'curated'.")
  String table;

  @Option(
      names = "--as-of",
      paramLabel = "SNAPSHOT_ID|TIMESTAMP",
      description =
          "With --table: read the table as of this snapshot id, or as it was at this ISO-8601"
              + " instant (2026-11-23T13:00:00Z), instead of its current snapshot (time travel)."
              + " Hours marked complete are the table's current marks.")
  String asOf;

  @Option(
      names = "--catalog-uri",
      paramLabel = "URI",
      description =
          "With --table NAME: a REST catalog's http(s):// URI, as the sink's --catalog-uri"
              + " (default: the Hadoop catalog on --lake).")
  String catalogUri;

  @Option(
      names = "--catalog-property",
      paramLabel = "KEY=VALUE",
      description = "With --catalog-uri: a catalog property (repeatable), as the sink's.")
  java.util.Map<String, String> catalogProperties = new java.util.LinkedHashMap<>();

  @Option(
      names = "--top",
      paramLabel = "N",
      defaultValue = "" + AnalyticsConfig.DEFAULT_TOP,
      description = "Rows of top_paths (default: ${DEFAULT-VALUE}).")
  int top;

  @Option(
      names = "--output",
      paramLabel = "URI",
      description = "Where tables, summary.json and report.html go (default: <lake>/analytics).")
  String output;

  @Option(
      names = "--master",
      paramLabel = "URL",
      description =
          "Spark master (default: the one spark-submit sets, else "
              + AnalyticsConfig.DEFAULT_MASTER
              + ").")
  String master;

  /**
   * The validated configuration.
   *
   * @throws IllegalArgumentException with a user-facing message when an option value is invalid
   */
  public AnalyticsConfig toConfig() {
    if (lake == null || lake.isBlank()) {
      throw new IllegalArgumentException("--lake must not be empty");
    }
    if (top < 1) {
      throw new IllegalArgumentException("--top must be at least 1, was " + top);
    }
    Optional<LocalDateTime> f = Optional.ofNullable(from).map(HourRange::parseFrom);
    Optional<LocalDateTime> t = Optional.ofNullable(to).map(HourRange::parseTo);
    if (f.isPresent() && t.isPresent() && t.get().isBefore(f.get())) {
      throw new IllegalArgumentException("--from " + from + " is after --to " + to);
    }
    if (metrics.port() != null && !watch) {
      throw new IllegalArgumentException(
          "--metrics-port serves the meters of a running --watch; a single run ends before a"
              + " scrape (its figures are in summary.json)");
    }
    Optional<TableSpec> tableSpec = tableSpec();
    String out = output == null || output.isBlank() ? AnalyticsConfig.defaultOutput(lake) : output;
    return new AnalyticsConfig(
        lake,
        zone,
        f,
        t,
        completeOnly || watch,
        top,
        out,
        Optional.ofNullable(master).filter(m -> !m.isBlank()),
        Optional.ofNullable(hour).map(HourRange::parseHour),
        watch,
        Durations.parse("--poll-interval", pollInterval),
        tableSpec);
  }

  private Optional<TableSpec> tableSpec() {
    if (table == null) {
      for (String[] o :
          new String[][] {
            {"--as-of", asOf},
            {"--catalog-uri", catalogUri},
            {"--catalog-property", catalogProperties.isEmpty() ? null : "set"}
          }) {
        if (o[1] != null) {
          throw new IllegalArgumentException(o[0] + " needs --table (it reads an Iceberg table)");
        }
      }
      return Optional.empty();
    }
    if (table.isBlank()) {
      throw new IllegalArgumentException("--table must not be empty");
    }
    if (catalogUri == null && !catalogProperties.isEmpty()) {
      throw new IllegalArgumentException(
          "--catalog-property needs --catalog-uri (the Hadoop catalog on --lake takes none)");
    }
    return Optional.of(
        new TableSpec(
            table.strip(),
            Optional.ofNullable(catalogUri).filter(u -> !u.isBlank()),
            catalogProperties,
            Optional.ofNullable(asOf).map(TableSpec.AsOf::parse)));
  }

  /**
   * {@link #toConfig()} with {@code --watch} implied, for a caller that starts the watch itself.
   */
  public AnalyticsConfig toWatchConfig() {
    watch = true;
    return toConfig();
  }

  /** {@code --metrics-port} and {@code --metrics-bind}, for {@code --watch}. */
  public MetricsPortOption metrics() {
    return metrics;
  }

  /**
   * The one logpipe version line (as {@code io.logpipe.commandline.LogpipeVersion} writes it), from
   * the build.
   */
  public static final class Version implements picocli.CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() throws java.io.IOException {
      java.util.Properties p = new java.util.Properties();
      try (java.io.InputStream in =
          AnalyticsOptions.class.getResourceAsStream("version.properties")) {
        if (in != null) {
          p.load(in);
        }
      }
      String commit = p.getProperty("commit", "").strip();
      return new String[] {
        "logpipe "
            + p.getProperty("version", "(unknown version)").strip()
            + (commit.isEmpty() ? "" : " (commit " + commit + ")")
      };
    }
  }
}
