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
 * @param catalogUri a REST catalog's URI, or a JDBC catalog's {@code jdbc:} URL (e.g. {@code
 *     jdbc:sqlite:/var/lib/logpipe/catalog.db}); null for a Hadoop catalog on the lake's file
 *     system (no server: the table's metadata files are the catalog)
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
      if (!scheme.equals("http") && !scheme.equals("https") && !scheme.equals("jdbc")) {
        throw new IllegalArgumentException(
            "catalog URI must be a REST catalog's http:// or https:// URI or a JDBC catalog's"
                + " jdbc: URL, got "
                + catalogUri);
      }
    }
  }

  /** A Hadoop catalog on the lake, table {@code curated}. */
  public static IcebergTarget hadoop() {
    return new IcebergTarget(DEFAULT_TABLE, null, Map.of());
  }

  /** Whether the catalog is a JDBC database (else REST, or Hadoop without a URI). */
  public boolean isJdbc() {
    return catalogUri != null && "jdbc".equalsIgnoreCase(catalogUri.getScheme());
  }

  public TableIdentifier identifier() {
    return TableIdentifier.parse(table);
  }
}
