package io.logpipe.sink.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.Set;

import io.logpipe.sink.partition.HourPartition;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** Which hours a partition holds back from {@code _SUCCESS} after rows of them were thrown away, and until when. */
class PartitionStateTest {

  private static final HourPartition H6 = new HourPartition(LocalDate.of(2025, 12, 24), 6);
  private static final HourPartition H7 = new HourPartition(LocalDate.of(2025, 12, 24), 7);
  private static final HourPartition H8 = new HourPartition(LocalDate.of(2025, 12, 24), 8);

  private final PartitionState st = new PartitionState(new TopicPartition("t", 0), 100);

  @Test
  void hoursOfDiscardedRowsAreHeldUntilTheLastDiscardedOffsetIsReadAgain() {
    st.holdUntilReadAgain(Set.of(H6, H7), 250); // offsets 100..249 thrown away, sought back to 100

    st.readUpTo(100);
    st.readUpTo(248);
    assertThat(st.heldHours()).containsExactlyInAnyOrder(H6, H7);

    st.readUpTo(249);
    assertThat(st.heldHours()).isEmpty();
  }

  @Test
  void aSecondDiscardBeforeTheFirstIsReadAgainHoldsBothUntilTheLaterEnd() {
    st.holdUntilReadAgain(Set.of(H6), 250);
    st.readUpTo(180);
    st.holdUntilReadAgain(Set.of(H7), 200); // failed again, sought back to 100 once more

    st.readUpTo(249 - 1);
    assertThat(st.heldHours()).containsExactlyInAnyOrder(H6, H7);
    st.readUpTo(249);
    assertThat(st.heldHours()).isEmpty();
  }

  @Test
  void nothingIsHeldForOffsetsAnotherInstanceHasPublished() {
    st.recoveredTo(300); // recovery after fencing: the lake already holds up to 299
    st.holdUntilReadAgain(Set.of(H6), 250);
    assertThat(st.heldHours()).isEmpty();

    st.holdUntilReadAgain(Set.of(), 400); // a batch with no rows of any hour (only quarantined records)
    assertThat(st.heldHours()).isEmpty();
  }

  @Test
  void anEarlierHoldIsDroppedOnceTheLakeHoldsItsRows() {
    st.holdUntilReadAgain(Set.of(H6), 250);
    st.recoveredTo(260); // another instance published 100..259 meanwhile; this one was fenced and recovered
    st.holdUntilReadAgain(Set.of(H8), 400);

    assertThat(st.heldHours()).containsExactly(H8);
    st.readUpTo(399);
    assertThat(st.heldHours()).isEmpty();
  }
}
