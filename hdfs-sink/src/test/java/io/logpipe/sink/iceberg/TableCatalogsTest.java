package io.logpipe.sink.iceberg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which catalog and file IO a lake and a target make. */
class TableCatalogsTest {

  @Test
  void aLakeWithoutCatalogUriIsAHadoopCatalogOnItsFileSystem() {
    Map<String, String> p =
        TableCatalogs.properties(URI.create("hdfs://nn:8020/datalake/"), IcebergTarget.hadoop());
    assertThat(p)
        .containsEntry("type", "hadoop")
        .containsEntry("warehouse", "hdfs://nn:8020/datalake")
        .doesNotContainKey("io-impl");
  }

  @Test
  void anS3LakeWithAJdbcCatalogWritesThroughS3FileIo() {
    IcebergTarget target =
        new IcebergTarget(
            "curated",
            URI.create("jdbc:sqlite:/var/lib/logpipe/catalog.db"),
            Map.of("s3.endpoint", "http://127.0.0.1:9000"));
    assertThat(target.isJdbc()).isTrue();
    Map<String, String> p = TableCatalogs.properties(URI.create("s3://bucket/lake"), target);
    assertThat(p)
        .containsEntry("type", "jdbc")
        .containsEntry("uri", "jdbc:sqlite:/var/lib/logpipe/catalog.db")
        .containsEntry("io-impl", "org.apache.iceberg.aws.s3.S3FileIO")
        .containsEntry("s3.endpoint", "http://127.0.0.1:9000")
        .containsEntry("warehouse", "s3://bucket/lake");
  }

  @Test
  void aHadoopCatalogOnAnObjectStoreIsRefusedNamingTheAlternatives() {
    for (String lake : new String[] {"s3://bucket/lake", "s3a://bucket/lake", "gs://b/l"}) {
      assertThatThrownBy(() -> TableCatalogs.properties(URI.create(lake), IcebergTarget.hadoop()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("object store")
          .hasMessageContaining("--catalog-uri jdbc:");
    }
  }

  @Test
  void aCatalogUriIsRestOrJdbcNothingElse() {
    assertThatThrownBy(
            () -> new IcebergTarget("curated", URI.create("thrift://metastore:9083"), Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("jdbc:");
    assertThat(new IcebergTarget("curated", URI.create("https://cat/"), Map.of()).isJdbc())
        .isFalse();
  }
}
