package io.logpipe.analytics.table;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.util.Collections;
import java.util.TreeSet;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/**
 * Iceberg's Spark runtime must not bring a second, unshaded Parquet: with Parquet >= 1.14 on Spark
 * 3.5's classpath its reader spins forever (design.md). The runtime jar shades its own under {@code
 * org.apache.iceberg.shaded}; every {@code org.apache.parquet} class on the classpath comes from
 * Spark's Parquet 1.13.1 jars (or Spark's own).
 */
class IcebergRuntimeClasspathTest {

  @Test
  void everyUnshadedParquetClassIsSparks1_13_1() throws IOException {
    String runtime = null;
    TreeSet<String> parquetJars = new TreeSet<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      if (!entry.endsWith(".jar")) {
        continue;
      }
      String name = new File(entry).getName();
      if (name.startsWith("iceberg-spark-runtime-3.5_2.12-")) {
        runtime = entry;
      }
      try (JarFile jar = new JarFile(entry)) {
        boolean parquet =
            Collections.list(jar.entries()).stream()
                .anyMatch(
                    e ->
                        e.getName().startsWith("org/apache/parquet/")
                            && e.getName().endsWith(".class"));
        if (parquet) {
          parquetJars.add(name);
        }
      }
    }
    assertThat(runtime).as("the runtime jar is on the test classpath").isNotNull();
    assertThat(parquetJars).isNotEmpty();
    // Spark's own jar adds a few classes in Parquet's packages (its vectorized reader's helpers).
    assertThat(parquetJars)
        .allMatch(
            n ->
                (n.startsWith("parquet-") && n.endsWith("-1.13.1.jar"))
                    || n.equals("spark-sql_2.12-3.5.9.jar"));
    assertThat(parquetJars).noneMatch(n -> n.contains("iceberg"));
    // Iceberg's own Parquet is there, shaded.
    try (JarFile jar = new JarFile(runtime)) {
      assertThat(
              Collections.list(jar.entries()).stream()
                  .anyMatch(
                      e -> e.getName().startsWith("org/apache/iceberg/shaded/org/apache/parquet/")))
          .isTrue();
    }
  }
}
