package io.logpipe.analytics.table;

import io.logpipe.analytics.AnalyticsException;
import java.util.HashMap;
import java.util.Map;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.CatalogUtil;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.apache.iceberg.hadoop.HadoopTables;
import org.apache.spark.sql.SparkSession;

/**
 * Finds the table as the sink does: with the Hadoop catalog (no {@code --catalog-uri}) the lake is
 * the warehouse and {@code NAMESPACE.NAME} lives at {@code <lake>/NAMESPACE/NAME}, read by
 * location; with a REST catalog the table is read through a Spark catalog of the same properties.
 */
final class TableLoader {

  /** The Spark catalog registered for a REST catalog's tables. */
  static final String SPARK_CATALOG = "logpipe_analytics";

  private final SparkSession spark;
  private final TableSpec spec;
  private final String location;

  TableLoader(SparkSession spark, String lake, TableSpec spec) {
    this.spark = spark;
    this.spec = spec;
    this.location =
        spec.byLocation()
            ? spec.table().replaceAll("/+$", "")
            : spec.catalogUri().isPresent()
                ? null
                : lake.replaceAll("/+$", "") + "/" + spec.table().replace('.', '/');
  }

  String describe() {
    return location != null
        ? location
        : spec.table() + " of the REST catalog " + spec.catalogUri().orElseThrow();
  }

  /** The table's current metadata. */
  Table load() {
    try {
      if (location != null) {
        return new HadoopTables(spark.sparkContext().hadoopConfiguration()).load(location);
      }
      return restCatalog().loadTable(TableIdentifier.parse(spec.table()));
    } catch (NoSuchTableException e) {
      throw new AnalyticsException(
          "no Iceberg table at "
              + describe()
              + (spec.byLocation() || spec.catalogUri().isPresent()
                  ? ""
                  : " (--table "
                      + spec.table()
                      + " is looked up in the Hadoop catalog whose warehouse is --lake, as the sink's"
                      + " --format iceberg writes it)"),
          e);
    } catch (RuntimeException e) {
      throw new AnalyticsException(
          "cannot load the Iceberg table " + describe() + ": " + e.getMessage(), e);
    }
  }

  /** What Iceberg's Spark source loads: the location, or the table in the registered catalog. */
  String sparkPath() {
    if (location != null) {
      return location;
    }
    String prefix = "spark.sql.catalog." + SPARK_CATALOG;
    spark.conf().set(prefix, "org.apache.iceberg.spark.SparkCatalog");
    for (Map.Entry<String, String> e : restProperties().entrySet()) {
      spark.conf().set(prefix + "." + e.getKey(), e.getValue());
    }
    return SPARK_CATALOG + "." + spec.table();
  }

  private Catalog restCatalog() {
    return CatalogUtil.buildIcebergCatalog(
        SPARK_CATALOG, restProperties(), spark.sparkContext().hadoopConfiguration());
  }

  private Map<String, String> restProperties() {
    Map<String, String> p = new HashMap<>();
    p.put(CatalogUtil.ICEBERG_CATALOG_TYPE, CatalogUtil.ICEBERG_CATALOG_TYPE_REST);
    p.put(CatalogProperties.URI, spec.catalogUri().orElseThrow());
    p.putAll(spec.catalogProperties());
    return p;
  }
}
