package io.logpipe.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The validator agrees with the JDK's strict UTF-8 decoder on mostly-ASCII input, at every
 * alignment.
 */
class StrictUtf8Test {

  private static boolean jdkAccepts(byte[] b, int from, int to) {
    try {
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(b, from, to - from));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }

  @Test
  void agreesWithTheJdkDecoderOnValidityAndPosition() {
    Random rnd = new Random(5);
    byte[][] pieces = {
      "é".getBytes(StandardCharsets.UTF_8),
      "中".getBytes(StandardCharsets.UTF_8),
      "😀".getBytes(StandardCharsets.UTF_8),
      {(byte) 0xC0, (byte) 0xAF},
      {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
      {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80},
      {(byte) 0x80},
      {(byte) 0xFF},
      {(byte) 0xE4, (byte) 0xB8}
    };
    int invalid = 0;
    for (int i = 0; i < 20_000; i++) {
      ByteBuffer buf = ByteBuffer.allocate(128);
      while (buf.remaining() > 4) {
        if (rnd.nextInt(40) == 0) {
          byte[] p = pieces[rnd.nextInt(pieces.length)];
          if (p.length <= buf.remaining()) {
            buf.put(p);
          }
        } else {
          buf.put((byte) (32 + rnd.nextInt(95)));
        }
      }
      byte[] b = buf.array();
      int from = rnd.nextInt(9);
      int to = from + rnd.nextInt(b.length - from + 1);

      int at = StrictUtf8.firstInvalid(b, from, to);

      assertThat(at == -1).as("case %d", i).isEqualTo(jdkAccepts(b, from, to));
      if (at >= 0) {
        invalid++;
        assertThat(at).isBetween(from, to - 1);
        assertThat(jdkAccepts(b, from, at))
            .as("everything before the reported byte is valid")
            .isTrue();
      }
    }
    assertThat(invalid).as("the generator produces both kinds").isBetween(1_000, 19_000);
  }
}
