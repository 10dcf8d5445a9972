package io.logpipe.processor.topology;

/**
 * A raw task's progress: the highest event time it has counted on its raw partition, sent after the
 * partial counts of the same flush and broadcast to every partition of the repartition topic, so
 * that every window counter task sees every raw partition's progress.
 *
 * @param rawPartition the raw (input) partition the task reads
 * @param streamTime highest event time counted on it, epoch milliseconds
 */
record PartitionProgress(int rawPartition, long streamTime) implements CountMessage {}
