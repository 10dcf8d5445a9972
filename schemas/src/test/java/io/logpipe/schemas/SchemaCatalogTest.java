package io.logpipe.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

class SchemaCatalogTest {

  /**
   * A schema change without a new history file would make every writer's records unreadable
   * elsewhere.
   */
  @Test
  void everyGeneratedSchemaIsAReleasedVersion() {
    SchemaCatalog catalog = SchemaCatalog.released();
    for (Schema current :
        new Schema[] {
          LogEvent.getClassSchema(), RejectedLine.getClassSchema(), StatusCount.getClassSchema()
        }) {
      assertThat(catalog.findByFingerprint(SchemaCatalog.fingerprint(current)))
          .as(
              "released version of %s (add a history file under io/logpipe/schemas/history/)",
              current.getFullName())
          .isNotNull();
    }
  }

  @Test
  void unknownFingerprintIsNotFound() {
    assertThat(SchemaCatalog.released().findByFingerprint(42L)).isNull();
  }
}
