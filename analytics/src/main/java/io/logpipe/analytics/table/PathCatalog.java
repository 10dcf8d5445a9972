package io.logpipe.analytics.table;

import org.apache.spark.sql.SparkSession;

/**
 * The Spark catalog through which Iceberg's source loads a table by location ({@code
 * format("iceberg").load(path)}). Unless one is configured, Iceberg's source makes it a Hive
 * catalog, which needs a Hive metastore and its classes (neither is here); a Hadoop one loads
 * locations the same way without them. Not cached, so that every pass sees the newest snapshot.
 */
public final class PathCatalog {

  /** Iceberg's name for it ({@code IcebergSource}). */
  static final String NAME = "spark.sql.catalog.default_iceberg";

  private PathCatalog() {}

  /** Configures it on {@code spark} unless the session already has one. */
  public static void ensure(SparkSession spark, String warehouse) {
    if (spark.conf().contains(NAME)) {
      return;
    }
    spark.conf().set(NAME + ".type", "hadoop");
    spark.conf().set(NAME + ".warehouse", warehouse);
    spark.conf().set(NAME + ".cache-enabled", "false");
    spark.conf().set(NAME, "org.apache.iceberg.spark.SparkCatalog");
  }
}
