package io.logpipe.ingest.produce;

/** How records are keyed, which decides partitioning. */
public enum KeyMode {
  /** No key: the producer's sticky partitioner fills one batch at a time, best for throughput. */
  NONE,
  /** The virtual host as key: all lines of a host land in one partition, in order. */
  HOST
}
