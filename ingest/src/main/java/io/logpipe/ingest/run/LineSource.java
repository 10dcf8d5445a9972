package io.logpipe.ingest.run;

import io.logpipe.ingest.StopSignal;
import io.logpipe.ingest.produce.LineProducer;
import java.io.IOException;

/** Where an {@link IngestRun}'s lines come from. */
interface LineSource {

  /** Checks the input before any connection is made (missing files fail fast). */
  void open() throws IOException;

  /** Sends lines until the input ends, {@code stop} fires, or the producer fails. */
  void sendAll(LineProducer producer, StopSignal stop) throws IOException;

  /** What each input file gave, in reading order; empty for sources that are not files. */
  default java.util.List<InputFileReport> fileReports() {
    return java.util.List.of();
  }

  /** One line for logs: what is being read. */
  String describe();
}
