package io.logpipe.sink.iceberg;

import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.CatalogUtil;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.SupportsNamespaces;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.AlreadyExistsException;

/**
 * Opens the catalog of an {@link IcebergTarget} and the curated table in it, creating both when
 * missing. A Hadoop catalog keeps the table under {@code <lake>/<namespace…>/<table>/}, i.e. {@code
 * <lake>/curated/{metadata,data}/} by default.
 */
public final class TableCatalogs {

  private TableCatalogs() {}

  static final String CATALOG_NAME = "logpipe";

  /** The catalog's properties: type, warehouse (the lake), URI, then the target's extras. */
  static Map<String, String> properties(URI lake, IcebergTarget target) {
    Map<String, String> p = new HashMap<>();
    p.put(CatalogProperties.WAREHOUSE_LOCATION, lake.toString().replaceAll("/+$", ""));
    if (target.catalogUri() == null) {
      p.put(CatalogUtil.ICEBERG_CATALOG_TYPE, CatalogUtil.ICEBERG_CATALOG_TYPE_HADOOP);
    } else {
      p.put(CatalogUtil.ICEBERG_CATALOG_TYPE, CatalogUtil.ICEBERG_CATALOG_TYPE_REST);
      p.put(CatalogProperties.URI, target.catalogUri().toString());
    }
    p.putAll(target.catalogProperties());
    return p;
  }

  public static Catalog open(URI lake, IcebergTarget target, Configuration conf) {
    return CatalogUtil.buildIcebergCatalog(CATALOG_NAME, properties(lake, target), conf);
  }

  /** The table, created (with its namespace) if it does not exist yet. */
  public static Table loadOrCreate(Catalog catalog, TableIdentifier id, String codec) {
    if (catalog.tableExists(id)) {
      return catalog.loadTable(id);
    }
    Namespace ns = id.namespace();
    if (!ns.isEmpty()
        && catalog instanceof SupportsNamespaces namespaces
        && !namespaces.namespaceExists(ns)) {
      try {
        namespaces.createNamespace(ns);
      } catch (AlreadyExistsException raced) {
        // another instance created it
      }
    }
    try {
      return catalog.createTable(
          id, LogEventTable.SCHEMA, LogEventTable.SPEC, LogEventTable.properties(codec));
    } catch (AlreadyExistsException raced) {
      return catalog.loadTable(id);
    }
  }
}
