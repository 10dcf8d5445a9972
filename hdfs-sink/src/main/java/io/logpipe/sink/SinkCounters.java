package io.logpipe.sink;

/**
 * A snapshot of a running sink's progress.
 *
 * @param rowsWritten rows written into Parquet files, committed or not (a batch that fails later is
 *     written again when re-read, and counted again)
 * @param rowsCommitted rows published in the lake
 * @param filesCommitted files published in the lake
 * @param commits partition commits
 * @param quarantined undecodable records kept in the quarantine area
 * @param hoursCompleted {@code _SUCCESS} markers written
 * @param openWriters Parquet writers open now
 * @param assignedPartitions Kafka partitions this instance owns now (after recovery)
 */
public record SinkCounters(
    long rowsWritten,
    long rowsCommitted,
    long filesCommitted,
    long commits,
    long quarantined,
    long hoursCompleted,
    long openWriters,
    long assignedPartitions) {}
