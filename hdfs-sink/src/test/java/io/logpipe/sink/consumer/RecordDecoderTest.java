package io.logpipe.sink.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import io.logpipe.schemas.LogEvent;
import io.logpipe.schemas.LogpipeSerdes;
import io.logpipe.sink.support.Events;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** Decoding spread over helper threads gives the same answer, in the same order, as decoding on the caller. */
class RecordDecoderTest {

  @Test
  void parallelDecodingKeepsOrderAndReportsUndecodableRecordsInPlace() {
    Random rnd = new Random(3);
    var serde = LogpipeSerdes.logEvent();
    List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
    List<LogEvent> expected = new ArrayList<>();
    for (int i = 0; i < 3_000; i++) { // several chunks
      if (i % 97 == 13) {
        records.add(new ConsumerRecord<>("t", 0, i, null, new byte[] {1, 2, 3}));
        expected.add(null);
      } else if (i % 211 == 5) {
        records.add(new ConsumerRecord<>("t", 0, i, null, null));
        expected.add(null);
      } else {
        LogEvent e = Events.event(Instant.parse("2025-12-24T06:00:00Z").plusSeconds(i), "raw", 0, i, rnd);
        records.add(new ConsumerRecord<>("t", 0, i, null, serde.serialize("t", e)));
        expected.add(e);
      }
    }
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      RecordDecoder.Decoded[] parallel = new RecordDecoder(pool).decode(records);
      RecordDecoder.Decoded[] serial = new RecordDecoder(null).decode(records);
      assertThat(parallel).hasSize(records.size());
      for (int i = 0; i < records.size(); i++) {
        assertThat(parallel[i].event()).as("record %d", i).isEqualTo(expected.get(i));
        assertThat(parallel[i]).as("record %d", i).isEqualTo(serial[i]);
        if (expected.get(i) == null) {
          assertThat(parallel[i].failure()).as("record %d", i).isNotBlank();
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
