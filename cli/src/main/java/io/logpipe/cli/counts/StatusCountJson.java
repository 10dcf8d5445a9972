package io.logpipe.cli.counts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.logpipe.schemas.StatusCount;

/** One {@link StatusCount} as a compact JSON object with ISO-8601 window bounds. */
final class StatusCountJson {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private StatusCountJson() {}

  static String format(StatusCount count) {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("window_start", count.getWindowStart().toString());
    node.put("window_end", count.getWindowEnd().toString());
    node.put("status", count.getStatus());
    node.put("count", count.getCount());
    node.put("final", count.getFinal$());
    try {
      return MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot format a status count as JSON", e);
    }
  }
}
