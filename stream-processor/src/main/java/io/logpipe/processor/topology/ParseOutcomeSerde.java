package io.logpipe.processor.topology;

import io.logpipe.schemas.AvroSerde;
import io.logpipe.schemas.LogEvent;
import io.logpipe.schemas.LogpipeSerdes;
import io.logpipe.schemas.RejectedLine;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes what the parse step emits into one sink: a {@link LogEvent} with the curated topic's
 * serde, a {@link RejectedLine} with the dead-letter topic's. Write-only: readers of either topic
 * use its own serde.
 */
final class ParseOutcomeSerde {

  private ParseOutcomeSerde() {}

  static Serde<SpecificRecord> create() {
    AvroSerde<LogEvent> events = LogpipeSerdes.logEvent();
    AvroSerde<RejectedLine> rejected = LogpipeSerdes.rejectedLine();
    Serializer<SpecificRecord> serializer =
        (topic, value) -> {
          if (value == null) {
            return null;
          }
          return value instanceof LogEvent e
              ? events.serialize(topic, e)
              : rejected.serialize(topic, (RejectedLine) value);
        };
    Deserializer<SpecificRecord> deserializer =
        (topic, data) -> {
          throw new UnsupportedOperationException(
              "parse outcomes are read with the serde of their topic");
        };
    return Serdes.serdeFrom(serializer, deserializer);
  }
}
