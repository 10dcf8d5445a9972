package io.logpipe.schemas;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.message.SchemaStore;

/**
 * Every released version of every logpipe schema, looked up by the 64-bit fingerprint that
 * single-object encoding puts in front of each record.
 *
 * <p>Released versions live as resources under {@code io/logpipe/schemas/history/}, listed in
 * {@code index.txt}. A version is never edited once released; a schema change adds a file. A test
 * checks that each generated class's schema is in the catalog, so an unreleased change fails the
 * build.
 */
public final class SchemaCatalog implements SchemaStore {

  private static final String HISTORY = "history/";

  private final SchemaStore.Cache cache = new SchemaStore.Cache();
  private final List<Schema> schemas = new ArrayList<>();

  private SchemaCatalog() {}

  /** The catalog of every version released with this build. */
  public static SchemaCatalog released() {
    SchemaCatalog catalog = new SchemaCatalog();
    for (String name : readIndex()) {
      catalog.add(parse(name));
    }
    return catalog;
  }

  /** An empty catalog; tests and registry bridges add schemas to it. */
  public static SchemaCatalog empty() {
    return new SchemaCatalog();
  }

  /** Adds a schema version; returns this catalog for chaining. */
  public SchemaCatalog add(Schema schema) {
    cache.addSchema(Objects.requireNonNull(schema, "schema"));
    schemas.add(schema);
    return this;
  }

  /** Every schema in the catalog, in the order added. */
  public List<Schema> schemas() {
    return Collections.unmodifiableList(schemas);
  }

  @Override
  public Schema findByFingerprint(long fingerprint) {
    return cache.findByFingerprint(fingerprint);
  }

  /** The fingerprint single-object encoding writes for {@code schema}. */
  public static long fingerprint(Schema schema) {
    return SchemaNormalization.parsingFingerprint64(schema);
  }

  private static List<String> readIndex() {
    String index = readResource(HISTORY + "index.txt");
    List<String> names = new ArrayList<>();
    for (String line : index.split("\n")) {
      String name = line.strip();
      if (!name.isEmpty() && !name.startsWith("#")) {
        names.add(name);
      }
    }
    return names;
  }

  private static Schema parse(String name) {
    return new Schema.Parser().parse(readResource(HISTORY + name));
  }

  private static String readResource(String path) {
    try (InputStream in = SchemaCatalog.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException(
            "Schema history resource missing from the classpath: " + path);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read schema history resource " + path, e);
    }
  }
}
