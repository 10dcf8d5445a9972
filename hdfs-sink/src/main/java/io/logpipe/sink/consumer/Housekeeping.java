package io.logpipe.sink.consumer;

import io.logpipe.sink.metrics.SinkMetrics;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the loop does after each poll besides routing: commits the batches a rotation rule makes due
 * (also on idle partitions) and those of partitions that have read everything and gone quiet,
 * resumes partitions whose backoff has passed, and every {@value #EVERY_MS} ms completes the hours
 * the watermark has passed and updates the lag; a progress line every {@value #PROGRESS_MS} ms.
 */
final class Housekeeping {

  private static final Logger log = LoggerFactory.getLogger(Housekeeping.class);
  static final long EVERY_MS = 500;
  static final long PROGRESS_MS = 10_000;

  private final AssignedPartitions partitions;
  private final RotationPolicy rotation;
  private final PartitionCommitter committer;
  private final PartitionReads reads;
  private final HourCompletion completion;
  private final WatermarkTracker watermarks;
  private final SinkMetrics metrics;
  private Instant lastRound = Instant.EPOCH;
  private Instant lastProgress = Instant.EPOCH;

  Housekeeping(
      AssignedPartitions partitions,
      RotationPolicy rotation,
      PartitionCommitter committer,
      PartitionReads reads,
      HourCompletion completion,
      WatermarkTracker watermarks,
      SinkMetrics metrics) {
    this.partitions = partitions;
    this.rotation = rotation;
    this.committer = committer;
    this.reads = reads;
    this.completion = completion;
    this.watermarks = watermarks;
    this.metrics = metrics;
  }

  void afterPoll(Instant now) {
    for (PartitionState st : partitions.all()) {
      String why = rotation.dueReason(st.batch(), now);
      if (why == null && rotation.quiet(st.batch(), now) && reads.caughtUp(st.tp)) {
        why = "quiet";
      }
      if (why != null) {
        log.debug("Rotating {} ({})", st.tp, why);
        committer.commit(st, false);
      }
      if (st.resumeIfDue(now)) {
        reads.resume(st.tp);
      }
    }
    metrics.openWriters(partitions.openWriters());
    if (Duration.between(lastRound, now).toMillis() >= EVERY_MS) {
      lastRound = now;
      watermarks
          .watermark(
              now,
              p ->
                  partitions.partitions().stream()
                      .anyMatch(tp -> tp.partition() == p && reads.caughtUp(tp)))
          .ifPresent(
              wm -> {
                metrics.freshness().watermark(wm);
                completion.complete(wm, partitions.unpublishedHours());
              });
      metrics.lag(reads.lag(partitions.partitions()));
    }
    if (Duration.between(lastProgress, now).toMillis() >= PROGRESS_MS) {
      lastProgress = now;
      log.info(
          "Progress: {} rows written, {} rows / {} files committed, {} open writers, lag {}, partitions {}",
          metrics.rowsWritten(),
          metrics.rowsCommitted(),
          metrics.filesCommitted(),
          metrics.openWriters(),
          metrics.lag(),
          partitions.partitions());
    }
  }
}
