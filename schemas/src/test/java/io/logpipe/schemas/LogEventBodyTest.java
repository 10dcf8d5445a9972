package io.logpipe.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.Random;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

/** The hand-written LogEvent writer against Avro's own encoder, byte for byte. */
class LogEventBodyTest {

  private static final BinaryMessageEncoder<LogEvent> AVRO =
      new BinaryMessageEncoder<>(
          SpecificData.getForClass(LogEvent.class), LogEvent.getClassSchema());

  @Test
  void writesWhatAvrosEncoderWritesForRandomEvents() throws IOException {
    AvroSerde<LogEvent> serde = LogpipeSerdes.logEvent();
    Random random = new Random(16);
    for (int i = 0; i < 20_000; i++) {
      LogEvent e = randomEvent(random);
      byte[] ours = serde.serialize(Topics.CURATED, e);
      assertThat(ours).as("event %s", e).isEqualTo(avro(e));
      assertThat(serde.deserialize(Topics.CURATED, ours)).isEqualTo(e);
    }
  }

  @Test
  void theSampleEventIsAvrosBytes() throws IOException {
    LogEvent e = AvroSerdeTest.sampleEvent();
    assertThat(LogpipeSerdes.logEvent().serialize(Topics.CURATED, e)).isEqualTo(avro(e));
  }

  @Test
  void aMissingRequiredFieldIsASerializationError() {
    LogEvent e = AvroSerdeTest.sampleEvent();
    e.setHost(null);
    assertThatThrownBy(() -> LogpipeSerdes.logEvent().serialize(Topics.CURATED, e))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("host");
  }

  @Test
  void anInstantBeyondTheMicrosecondRangeIsASerializationError() {
    LogEvent e = AvroSerdeTest.sampleEvent();
    e.setTs(Instant.MAX);
    assertThatThrownBy(() -> LogpipeSerdes.logEvent().serialize(Topics.CURATED, e))
        .isInstanceOf(SerializationException.class);
  }

  private static byte[] avro(LogEvent e) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    AVRO.encode(e, out);
    return out.toByteArray();
  }

  private static LogEvent randomEvent(Random r) {
    long seconds = r.nextInt(4) == 0 ? -r.nextInt(1_000_000_000) : r.nextInt(2_000_000_000);
    return new LogEvent(
        Instant.ofEpochSecond(seconds, r.nextInt(3) == 0 ? 0 : r.nextInt(1_000_000_000)),
        text(r, false),
        text(r, false),
        "/" + text(r, false),
        text(r, true),
        r.nextInt(3) == 0 ? r.nextInt() : 100 + r.nextInt(500),
        r.nextInt(3) == 0 ? r.nextLong() : r.nextInt(1_000_000),
        text(r, false),
        text(r, true),
        text(r, true),
        r.nextBoolean() ? null : (r.nextBoolean() ? r.nextLong() : (long) r.nextInt(5000)),
        LogFormat.values()[r.nextInt(LogFormat.values().length)],
        text(r, false),
        r.nextInt(3) == 0 ? r.nextInt() : r.nextInt(64),
        r.nextInt(3) == 0 ? r.nextLong() : r.nextInt(Integer.MAX_VALUE));
  }

  /** ASCII mostly, sometimes any code point (also lone surrogates), empty or long. */
  private static String text(Random r, boolean nullable) {
    if (nullable && r.nextInt(3) == 0) {
      return null;
    }
    int length = r.nextInt(10) == 0 ? r.nextInt(2000) : r.nextInt(40);
    StringBuilder sb = new StringBuilder(length);
    boolean wide = r.nextInt(4) == 0;
    for (int i = 0; i < length; i++) {
      sb.append(wide ? (char) r.nextInt(Character.MAX_VALUE + 1) : (char) (32 + r.nextInt(95)));
    }
    return sb.toString();
  }
}
