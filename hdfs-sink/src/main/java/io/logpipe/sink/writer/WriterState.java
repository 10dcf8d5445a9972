package io.logpipe.sink.writer;

/**
 * Life of one {@link ParquetPartitionWriter}:
 *
 * <pre>
 * OPEN ──write*──► OPEN ──close()──► CLOSED ──(file renamed by a commit)──► PUBLISHED
 *   │                                  │
 *   └──────────────abort()─────────────┴──► ABORTED (temp file deleted)
 * </pre>
 *
 * A write that throws leaves the writer FAILED: it can only be aborted.
 */
public enum WriterState {
  OPEN,
  CLOSED,
  PUBLISHED,
  ABORTED,
  FAILED
}
