package io.logpipe.processor.topology;

/**
 * Events of one status (the record key) in one window counted by one raw task since its last flush.
 *
 * @param windowStart start of the window, epoch milliseconds
 * @param count events counted, at least 1
 */
record PartialCount(long windowStart, long count) implements CountMessage {}
