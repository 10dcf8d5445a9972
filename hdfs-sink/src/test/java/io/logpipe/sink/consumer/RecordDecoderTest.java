package io.logpipe.sink.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import io.logpipe.schemas.LogEvent;
import io.logpipe.schemas.LogpipeSerdes;
import io.logpipe.sink.support.Events;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * Every record of a poll gets its event or the reason it has none, in the poll's order; nothing
 * throws.
 */
class RecordDecoderTest {

  @Test
  void decodingKeepsOrderAndReportsUndecodableRecordsInPlace() {
    Random rnd = new Random(3);
    var serde = LogpipeSerdes.logEvent();
    List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
    List<LogEvent> expected = new ArrayList<>();
    for (int i = 0; i < 3_000; i++) {
      if (i % 97 == 13) {
        records.add(new ConsumerRecord<>("t", 0, i, null, new byte[] {1, 2, 3}));
        expected.add(null);
      } else if (i % 211 == 5) {
        records.add(new ConsumerRecord<>("t", 0, i, null, null));
        expected.add(null);
      } else {
        LogEvent e =
            Events.event(Instant.parse("2025-12-24T06:00:00Z").plusSeconds(i), "raw", 0, i, rnd);
        records.add(new ConsumerRecord<>("t", 0, i, null, serde.serialize("t", e)));
        expected.add(e);
      }
    }
    RecordDecoder.Decoded[] decoded = new RecordDecoder().decode(records);
    assertThat(decoded).hasSize(records.size());
    for (int i = 0; i < records.size(); i++) {
      if (expected.get(i) == null) {
        assertThat(decoded[i].row()).as("record %d", i).isNull();
        assertThat(decoded[i].failure()).as("record %d", i).isNotBlank();
      } else {
        assertThat(decoded[i].failure()).as("record %d", i).isNull();
        assertThat(decoded[i].row().ts()).as("record %d", i).isEqualTo(expected.get(i).getTs());
        assertThat(decoded[i].row().value()).as("record %d", i).isSameAs(records.get(i).value());
      }
    }
  }
}
