package io.logpipe.sink.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.logpipe.lake.HourPartition;
import io.logpipe.sink.commit.PartitionBatch;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * Which hours a partition holds back from {@code _SUCCESS} after rows of them were thrown away, and
 * until when; the phases a partition goes through.
 */
class PartitionStateTest {

  private static final HourPartition H6 = new HourPartition(LocalDate.of(2025, 12, 24), 6);
  private static final HourPartition H7 = new HourPartition(LocalDate.of(2025, 12, 24), 7);
  private static final HourPartition H8 = new HourPartition(LocalDate.of(2025, 12, 24), 8);

  private static final Instant T = Instant.parse("2025-12-24T10:00:00Z");

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

    st.holdUntilReadAgain(
        Set.of(), 400); // a batch with no rows of any hour (only quarantined records)
    assertThat(st.heldHours()).isEmpty();
  }

  @Test
  void anEarlierHoldIsDroppedOnceTheLakeHoldsItsRows() {
    st.holdUntilReadAgain(Set.of(H6), 250);
    st.recoveredTo(
        260); // another instance published 100..259 meanwhile; this one was fenced and recovered
    st.holdUntilReadAgain(Set.of(H8), 400);

    assertThat(st.heldHours()).containsExactly(H8);
    st.readUpTo(399);
    assertThat(st.heldHours()).isEmpty();
  }

  @Test
  void aBatchOpensOnlyWhenIdleAndIsHandedOverOnce() {
    assertThat(st.phase()).isEqualTo(PartitionState.Phase.IDLE);
    PartitionBatch b = st.openBatch(T);
    assertThat(b.from()).isEqualTo(100);
    assertThat(st.phase()).isEqualTo(PartitionState.Phase.BATCHING);
    assertThatThrownBy(() -> st.openBatch(T)).isInstanceOf(IllegalStateException.class);

    assertThat(st.takeBatch()).isSameAs(b);
    assertThat(st.phase()).isEqualTo(PartitionState.Phase.IDLE);
    assertThat(st.takeBatch()).isNull();
  }

  @Test
  void aBackedOffPartitionResumesWhenItsBackoffHasPassed() {
    st.openBatch(T);
    st.takeBatch();
    Backoff run = Backoff.first(T);
    st.backOff(run, T.plus(run.delay()));
    assertThat(st.phase()).isEqualTo(PartitionState.Phase.BACKING_OFF);
    assertThatThrownBy(() -> st.openBatch(T)).isInstanceOf(IllegalStateException.class);

    assertThat(st.resumeIfDue(T.plusMillis(199))).isFalse();
    assertThat(st.resumeIfDue(T.plusMillis(200))).isTrue();
    assertThat(st.phase()).isEqualTo(PartitionState.Phase.IDLE);
    assertThat(st.resumeIfDue(T.plusMillis(300))).as("resumed once").isFalse();
    assertThat(st.failures()).as("the run lasts until a commit").isSameAs(run);
    st.committedUpTo(150);
    assertThat(st.failures()).isNull();
  }

  @Test
  void aPartitionCannotBackOffWithItsBatchStillOpen() {
    st.openBatch(T);
    assertThatThrownBy(() -> st.backOff(Backoff.first(T), T))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void aRewindOrLeavingMakesTheRestOfThePollStale() {
    st.polled();
    assertThat(st.staleSincePoll()).isFalse();
    st.rewound();
    assertThat(st.staleSincePoll()).isTrue();
    st.polled();
    assertThat(st.staleSincePoll()).isFalse();

    PartitionBatch open = st.openBatch(T);
    assertThat(st.leave()).isSameAs(open);
    assertThat(st.phase()).isEqualTo(PartitionState.Phase.GONE);
    assertThat(st.staleSincePoll()).isTrue();
  }
}
