package io.logpipe.sink.commit;

/**
 * A record of the input topic whose value could not be decoded as a LogEvent; kept verbatim, never
 * dropped.
 */
public record QuarantinedRecord(long offset, byte[] value, String reason) {}
