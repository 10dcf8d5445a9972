package io.logpipe.processor.parse;

/**
 * One raw record as the parser sees it: its value bytes, the {@code host} header ingest may have
 * set (null when absent) and its coordinates in the raw topic, which become the event's lineage.
 */
public record RawLine(byte[] value, String headerHost, String topic, int partition, long offset) {

  /** A line with no header and placeholder coordinates, for tests and tools outside Kafka. */
  public static RawLine of(byte[] value) {
    return new RawLine(value, null, "", 0, 0L);
  }
}
