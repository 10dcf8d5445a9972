package io.logpipe.analytics.table;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The Iceberg table the job reads instead of the file lake ({@code --table}), found as the sink
 * finds it: a name in a catalog (the sink's Hadoop catalog whose warehouse is the lake, or a REST
 * catalog with {@code --catalog-uri}), or a table location read without a catalog.
 *
 * @param table {@code NAME} or {@code NAMESPACE.NAME}, or a location (anything with a {@code /})
 * @param catalogUri a REST catalog's URI; empty: a Hadoop catalog on the lake
 * @param catalogProperties extra catalog properties (the sink's {@code --catalog-property})
 * @param asOf the snapshot to read; empty: the current one
 */
public record TableSpec(
    String table,
    Optional<String> catalogUri,
    Map<String, String> catalogProperties,
    Optional<AsOf> asOf) {

  /** The sink's default table name. */
  public static final String DEFAULT_TABLE = "curated";

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_]+(\\.[A-Za-z0-9_]+)*");

  public TableSpec {
    Objects.requireNonNull(table, "table");
    catalogProperties = Map.copyOf(catalogProperties);
    if (!isLocation(table) && !NAME.matcher(table).matches()) {
      throw new IllegalArgumentException(
          "--table must be NAME, NAMESPACE.NAME or a table location with a '/', was '"
              + table
              + "'");
    }
    if (isLocation(table) && catalogUri.isPresent()) {
      throw new IllegalArgumentException(
          "--catalog-uri takes a table NAME, not the location '" + table + "'");
    }
  }

  /** A table named by its location (read without a catalog). */
  public static boolean isLocation(String table) {
    return table.contains("/");
  }

  /** Whether {@link #table()} is a location. */
  public boolean byLocation() {
    return isLocation(table);
  }

  /** The snapshot to read: an id or a point in time (Iceberg time travel). */
  public sealed interface AsOf permits SnapshotId, Timestamp {

    /**
     * Parses {@code --as-of}: a snapshot id (digits) or an ISO-8601 instant ({@code
     * 2026-11-23T13:00:00Z}, an offset instead of {@code Z} accepted).
     */
    static AsOf parse(String text) {
      String t = text.strip();
      if (t.matches("[0-9]+")) {
        try {
          return new SnapshotId(Long.parseLong(t));
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("--as-of " + text + ": not a snapshot id (too large)");
        }
      }
      try {
        return new Timestamp(java.time.OffsetDateTime.parse(t).toInstant());
      } catch (java.time.format.DateTimeParseException e) {
        throw new IllegalArgumentException(
            "--as-of "
                + text
                + ": expected a snapshot id (digits) or an ISO-8601 timestamp with a zone, e.g."
                + " 2026-11-23T13:00:00Z");
      }
    }
  }

  /** A snapshot by id ({@code snapshot-id}). */
  public record SnapshotId(long id) implements AsOf {}

  /** The snapshot current at this instant ({@code as-of-timestamp}). */
  public record Timestamp(java.time.Instant at) implements AsOf {}
}
