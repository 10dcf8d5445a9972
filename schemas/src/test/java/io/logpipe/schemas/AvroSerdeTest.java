package io.logpipe.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class AvroSerdeTest {

  static LogEvent sampleEvent() {
    return LogEvent.newBuilder()
        .setTs(Instant.parse("2025-12-24T17:36:03.210929Z"))
        .setHost("api.myapp.com")
        .setMethod("GET")
        .setPath("/api/v1/login")
        .setQuery("next=%2Fhome")
        .setStatus(503)
        .setBytes(37992L)
        .setIp("41.251.52.13")
        .setUa("curl/8.0")
        .setReferrer(null)
        .setRtMs(1556L)
        .setFormat(LogFormat.JSON)
        .setRawTopic(Topics.RAW)
        .setRawPartition(2)
        .setRawOffset(123_456_789L)
        .build();
  }

  @Test
  void logEventRoundTripKeepsEveryFieldIncludingMicroseconds() {
    AvroSerde<LogEvent> serde = LogpipeSerdes.logEvent();
    LogEvent event = sampleEvent();

    byte[] bytes = serde.serialize(Topics.CURATED, event);
    LogEvent back = serde.deserialize(Topics.CURATED, bytes);

    assertThat(back).isEqualTo(event);
    assertThat(back.getTs()).isEqualTo(Instant.parse("2025-12-24T17:36:03.210929Z"));
    assertThat(back.getRtMs()).isEqualTo(1556L);
  }

  @Test
  void payloadStartsWithSingleObjectMarkerAndFingerprint() {
    byte[] bytes = LogpipeSerdes.logEvent().serialize(Topics.CURATED, sampleEvent());

    assertThat(bytes[0]).isEqualTo((byte) 0xC3);
    assertThat(bytes[1]).isEqualTo((byte) 0x01);
    long fingerprint =
        ByteBuffer.wrap(bytes, 2, 8).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
    assertThat(fingerprint).isEqualTo(SchemaCatalog.fingerprint(LogEvent.getClassSchema()));
  }

  @Test
  void optionalFieldsMayBeNull() {
    LogEvent event =
        LogEvent.newBuilder(sampleEvent())
            .setRtMs(null)
            .setQuery(null)
            .setUa(null)
            .setFormat(LogFormat.COMBINED)
            .build();
    AvroSerde<LogEvent> serde = LogpipeSerdes.logEvent();

    assertThat(serde.deserialize("t", serde.serialize("t", event))).isEqualTo(event);
  }

  @Test
  void rejectedLineKeepsInvalidBytesExactly() {
    byte[] raw = {(byte) 0xff, (byte) 0xfe, 'x', 0};
    RejectedLine line =
        RejectedLine.newBuilder()
            .setRaw(ByteBuffer.wrap(raw))
            .setReason(RejectReason.NOT_UTF8)
            .setMessage("line is not valid UTF-8")
            .setRawTopic(Topics.RAW)
            .setRawPartition(0)
            .setRawOffset(7L)
            .setRejectedAt(Instant.ofEpochMilli(1_700_000_000_123L))
            .build();
    AvroSerde<RejectedLine> serde = LogpipeSerdes.rejectedLine();

    RejectedLine back = serde.deserialize(Topics.REJECTED, serde.serialize(Topics.REJECTED, line));

    byte[] backRaw = new byte[back.getRaw().remaining()];
    back.getRaw().get(backRaw);
    assertThat(backRaw).isEqualTo(raw);
    assertThat(back.getReason()).isEqualTo(RejectReason.NOT_UTF8);
    assertThat(back.getRejectedAt()).isEqualTo(Instant.ofEpochMilli(1_700_000_000_123L));
  }

  @Test
  void statusCountRoundTrip() {
    StatusCount count =
        new StatusCount(
            Instant.ofEpochMilli(60_000), Instant.ofEpochMilli(120_000), 404, 17L, true);
    AvroSerde<StatusCount> serde = LogpipeSerdes.statusCount();

    assertThat(serde.deserialize("c", serde.serialize("c", count))).isEqualTo(count);
  }

  @Test
  void nullStaysNullForTombstones() {
    AvroSerde<LogEvent> serde = LogpipeSerdes.logEvent();
    assertThat(serde.serialize("t", null)).isNull();
    assertThat(serde.deserialize("t", null)).isNull();
  }

  @Test
  void plainTextIsRejectedNamingTopicAndCause() {
    byte[] json = "{\"ts\":\"2025-12-24T17:36:03Z\"}".getBytes(StandardCharsets.UTF_8);

    assertThatThrownBy(() -> LogpipeSerdes.logEvent().deserialize("logs_curated", json))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("logs_curated")
        .hasMessageContaining("not Avro single-object encoding");
  }

  @Test
  void unknownFingerprintIsRejectedNamingTopicAndCause() {
    byte[] bytes = LogpipeSerdes.logEvent().serialize("t", sampleEvent());
    bytes[5] ^= 0x5A; // corrupt the fingerprint, keep the marker

    assertThatThrownBy(() -> LogpipeSerdes.logEvent().deserialize("logs_curated", bytes))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("logs_curated")
        .hasMessageContaining("unknown schema fingerprint");
  }

  @Test
  void truncatedBodyIsRejectedNamingTopic() {
    byte[] bytes = LogpipeSerdes.logEvent().serialize("t", sampleEvent());
    byte[] truncated = Arrays.copyOf(bytes, 14);

    assertThatThrownBy(() -> LogpipeSerdes.logEvent().deserialize("logs_curated", truncated))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("logs_curated");
  }

  @Test
  void ownSchemaCodecWritesAndReadsExactlyWhatAvrosMessageCodersDo() throws Exception {
    AvroSerde<LogEvent> serde = LogpipeSerdes.logEvent();
    var resolving =
        new org.apache.avro.message.BinaryMessageDecoder<LogEvent>(
            org.apache.avro.specific.SpecificData.getForClass(LogEvent.class),
            LogEvent.getClassSchema());
    var reference =
        new org.apache.avro.message.BinaryMessageEncoder<LogEvent>(
            org.apache.avro.specific.SpecificData.getForClass(LogEvent.class),
            LogEvent.getClassSchema());
    java.util.Random rnd = new java.util.Random(7);
    for (int i = 0; i < 2_000; i++) {
      LogEvent e =
          LogEvent.newBuilder(sampleEvent())
              .setTs(
                  Instant.ofEpochSecond(
                      1_700_000_000L + rnd.nextInt(10_000_000), rnd.nextInt(1_000_000) * 1000L))
              .setPath("/p/" + rnd.nextInt(1000) + "/\u00e9\u4e2d")
              .setQuery(rnd.nextBoolean() ? null : "q=" + rnd.nextLong())
              .setStatus(100 + rnd.nextInt(500))
              .setBytes(rnd.nextLong() & Long.MAX_VALUE)
              .setUa(rnd.nextBoolean() ? null : "ua " + rnd.nextInt())
              .setReferrer(rnd.nextBoolean() ? null : "https://r/" + rnd.nextInt())
              .setRtMs(rnd.nextBoolean() ? null : (long) rnd.nextInt(100_000))
              .setFormat(LogFormat.values()[rnd.nextInt(LogFormat.values().length)])
              .setRawPartition(rnd.nextInt(64))
              .setRawOffset(rnd.nextLong() & Long.MAX_VALUE)
              .build();
      byte[] bytes = serde.serialize("t", e);

      LogEvent fast = serde.deserialize("t", bytes);

      assertThat(bytes)
          .as("byte for byte what Avro's own encoder writes")
          .isEqualTo(reference.encode(e).array());
      assertThat(fast).isEqualTo(e).isEqualTo(resolving.decode(bytes));
      // Typed as the generated class declares them, not Avro's Utf8 (a cast would fail on first
      // use).
      assertThat((Object) fast.get("host")).isInstanceOf(String.class);
      assertThat((Object) fast.get("ts")).isInstanceOf(Instant.class);
    }
  }

  @Test
  void corruptBodiesBehindAValidHeaderYieldAnEventOrASerializationExceptionNeverAnythingElse() {
    AvroSerde<LogEvent> serde = LogpipeSerdes.logEvent();
    byte[] valid = serde.serialize("t", sampleEvent());
    java.util.Random rnd = new java.util.Random(11);
    int rejected = 0;
    for (int i = 0; i < 20_000; i++) {
      byte[] bytes = Arrays.copyOf(valid, 11 + rnd.nextInt(valid.length + 8 - 11));
      for (int m = 1 + rnd.nextInt(4); m > 0; m--) {
        int at =
            10
                + rnd.nextInt(
                    bytes.length - 10); // the header stays valid: the own-schema path reads it
        bytes[at] = (byte) rnd.nextInt(256);
      }
      try {
        assertThat(serde.deserialize("t", bytes)).isNotNull();
      } catch (SerializationException e) {
        assertThat(e).hasMessageContaining("corrupt Avro body");
        rejected++;
      }
    }
    assertThat(rejected).as("most mutations break the body").isGreaterThan(1_000);
  }

  @Test
  void aRecordThatFailsToSerializeLeavesNothingBehindForTheNextOne() {
    AvroSerde<LogEvent> serde = LogpipeSerdes.logEvent();
    byte[] clean = serde.serialize("t", sampleEvent());
    LogEvent broken = sampleEvent();
    broken.setIp(null); // required: fails after the fields before it were encoded

    assertThatThrownBy(() -> serde.serialize("logs_curated", broken))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("logs_curated");
    assertThat(serde.serialize("t", sampleEvent())).isEqualTo(clean);
  }
}
