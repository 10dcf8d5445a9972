package io.logpipe.sink.iceberg;

import io.logpipe.sink.fs.ObjectStores;
import java.net.URI;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.CatalogUtil;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.SupportsNamespaces;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.hadoop.HadoopCatalog;

/**
 * Opens the catalog of an {@link IcebergTarget} and the curated table in it, creating both when
 * missing. A Hadoop catalog keeps the table under {@code <lake>/<namespace…>/<table>/}, i.e. {@code
 * <lake>/curated/{metadata,data}/} by default.
 */
public final class TableCatalogs {

  private TableCatalogs() {}

  static final String CATALOG_NAME = "logpipe";

  /** Lake schemes written through Iceberg's S3FileIO (s3a:// stays with Hadoop's file system). */
  static final Set<String> S3_SCHEMES = Set.of("s3");

  static final String S3_FILE_IO = "org.apache.iceberg.aws.s3.S3FileIO";

  /** The catalog's properties: type, warehouse (the lake), URI, then the target's extras. */
  static Map<String, String> properties(URI lake, IcebergTarget target) {
    Map<String, String> p = new HashMap<>();
    p.put(CatalogProperties.WAREHOUSE_LOCATION, lake.toString().replaceAll("/+$", ""));
    boolean s3 = S3_SCHEMES.contains(String.valueOf(lake.getScheme()).toLowerCase(Locale.ROOT));
    if (target.catalogUri() == null) {
      if (ObjectStores.isObjectStore(lake)) {
        // its commit is a rename that must fail when the target exists: object stores have none
        throw new IllegalArgumentException(
            "a Hadoop catalog cannot commit on an object store ("
                + lake
                + "): give a JDBC catalog (--catalog-uri jdbc:sqlite:/path/catalog.db) or a REST"
                + " catalog (--catalog-uri https://...)");
      }
      p.put(CatalogUtil.ICEBERG_CATALOG_TYPE, CatalogUtil.ICEBERG_CATALOG_TYPE_HADOOP);
    } else if (target.isJdbc()) {
      p.put(CatalogUtil.ICEBERG_CATALOG_TYPE, CatalogUtil.ICEBERG_CATALOG_TYPE_JDBC);
      p.put(CatalogProperties.URI, target.catalogUri().toString());
      // the current schema (with views); V0 is only for catalogs created by old Iceberg versions
      p.put("jdbc.schema-version", "V1");
    } else {
      p.put(CatalogUtil.ICEBERG_CATALOG_TYPE, CatalogUtil.ICEBERG_CATALOG_TYPE_REST);
      p.put(CatalogProperties.URI, target.catalogUri().toString());
    }
    if (s3) {
      // Iceberg's own S3 client: plain PUTs and GETs, no rename, no Hadoop file system
      p.put(CatalogProperties.FILE_IO_IMPL, S3_FILE_IO);
      // the JDK's HTTP client: the jar bundles that one, not Apache's (the SDK's default)
      p.put("http-client.type", "urlconnection");
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
          id,
          LogEventTable.SCHEMA,
          LogEventTable.SPEC,
          LogEventTable.properties(codec, !(catalog instanceof HadoopCatalog)));
    } catch (AlreadyExistsException raced) {
      return catalog.loadTable(id);
    }
  }
}
