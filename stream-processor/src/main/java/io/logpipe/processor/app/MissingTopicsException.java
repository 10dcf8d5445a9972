package io.logpipe.processor.app;

import java.util.Collection;

/** Topics the processor needs are absent and it was told not to create them. */
public final class MissingTopicsException extends RuntimeException {

  public MissingTopicsException(Collection<String> topics, String bootstrapServers) {
    super(
        "Missing topic(s) "
            + String.join(", ", topics)
            + " on "
            + bootstrapServers
            + ": create them, or let the processor create them (logpipe.topics.create=true / --create-topics)");
  }
}
