package io.logpipe.processor.parse;

import io.logpipe.schemas.LogEvent;
import io.logpipe.schemas.RejectReason;
import java.util.Objects;

/** What {@link LogLineParser} made of one raw line: exactly one of an event or a rejection. */
public sealed interface ParseOutcome permits ParseOutcome.Parsed, ParseOutcome.Rejected {

  /** The line became a valid event. */
  record Parsed(LogEvent event) implements ParseOutcome {
    public Parsed {
      Objects.requireNonNull(event, "event");
    }
  }

  /** The line was refused, with a stable reason code and a message for humans. */
  record Rejected(RejectReason reason, String message) implements ParseOutcome {
    public Rejected {
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(message, "message");
    }
  }
}
