package io.logpipe.dashboard.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.logpipe.schemas.RejectReason;
import io.logpipe.schemas.RejectedLine;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RejectTallyTest {

  private static RejectedLine line(RejectReason reason, byte[] raw, long offset) {
    return RejectedLine.newBuilder()
        .setRaw(ByteBuffer.wrap(raw))
        .setReason(reason)
        .setMessage("why")
        .setRawTopic("logs_raw")
        .setRawPartition(0)
        .setRawOffset(offset)
        .setRejectedAt(Instant.EPOCH)
        .build();
  }

  @Test
  void countsPerReasonMostFrequentFirstAndKeepsTheNewest() {
    RejectTally tally = new RejectTally(2);
    tally.add(line(RejectReason.BAD_STATUS, "a".getBytes(StandardCharsets.UTF_8), 1));
    tally.add(line(RejectReason.MALFORMED_JSON, "b".getBytes(StandardCharsets.UTF_8), 2));
    tally.add(line(RejectReason.MALFORMED_JSON, "c".getBytes(StandardCharsets.UTF_8), 3));
    RejectsView view = tally.view();
    assertThat(view.total()).isEqualTo(3);
    assertThat(view.byReason())
        .containsExactly(
            java.util.Map.entry("MALFORMED_JSON", 2L), java.util.Map.entry("BAD_STATUS", 1L));
    assertThat(view.recent()).extracting(RejectsView.Recent::raw).containsExactly("c", "b");
    assertThat(view.recent().get(0).source()).isEqualTo("logs_raw-0@3");
  }

  @Test
  void longAndInvalidRawLinesAreCutAndReplacedNotDropped() {
    RejectTally tally = new RejectTally(5);
    byte[] invalid = {'x', (byte) 0xff, 'y'};
    tally.add(line(RejectReason.NOT_UTF8, invalid, 1));
    tally.add(
        line(RejectReason.LINE_TOO_LONG, "z".repeat(1000).getBytes(StandardCharsets.UTF_8), 2));
    var recent = tally.view().recent();
    assertThat(recent.get(0).raw()).hasSize(RejectTally.RAW_SHOWN + 1).endsWith("…");
    assertThat(recent.get(1).raw()).isEqualTo("x\uFFFDy");
  }
}
