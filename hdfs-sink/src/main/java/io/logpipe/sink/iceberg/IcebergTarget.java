package io.logpipe.sink.iceberg;

import java.net.URI;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.apache.iceberg.catalog.TableIdentifier;

/**
 * Where the Iceberg mode writes, beside the lake URI of {@link io.logpipe.sink.SinkConfig} (the
 * catalog's warehouse).
 *
 * @param table table identifier, {@code curated} by default ({@code ns.table} for a namespace)
 * @param catalogUri a REST catalog's URI; null for a Hadoop catalog on the lake's file system (no
 *     server: the table's metadata files are the catalog)
 * @param catalogProperties extra catalog properties (credentials, ...), passed through
 */
public record IcebergTarget(String table, URI catalogUri, Map<String, String> catalogProperties) {

  public static final String DEFAULT_TABLE = "curated";

  public IcebergTarget {
    Objects.requireNonNull(table, "table");
    catalogProperties = Map.copyOf(catalogProperties);
    if (table.isBlank() || table.startsWith(".") || table.endsWith(".")) {
      throw new IllegalArgumentException(
          "table must be NAME or NAMESPACE.NAME, got '" + table + "'");
    }
    if (catalogUri != null) {
      String scheme =
          catalogUri.getScheme() == null ? "" : catalogUri.getScheme().toLowerCase(Locale.ROOT);
      if (!scheme.equals("http") && !scheme.equals("https")) {
        throw new IllegalArgumentException(
            "catalog URI must be a REST catalog's http:// or https:// URI, got " + catalogUri);
      }
    }
  }

  /** A Hadoop catalog on the lake, table {@code curated}. */
  public static IcebergTarget hadoop() {
    return new IcebergTarget(DEFAULT_TABLE, null, Map.of());
  }

  public TableIdentifier identifier() {
    return TableIdentifier.parse(table);
  }
}
