package io.logpipe.ingest.run;

import java.nio.charset.StandardCharsets;

/**
 * Finds the value of a {@code "host":"…"} member in a JSON line without parsing it, only to key
 * records by host. Ingest does not interpret lines otherwise; a line without such a member simply
 * gets no key.
 */
final class JsonHostField {

  private static final byte[] NEEDLE = "\"host\":".getBytes(StandardCharsets.US_ASCII);

  private JsonHostField() {}

  /**
   * The host, or null when the line is not a JSON object with a plain string {@code host} member.
   */
  static String find(byte[] line) {
    if (line.length == 0 || line[0] != '{') {
      return null;
    }
    outer:
    for (int i = 1; i + NEEDLE.length < line.length; i++) {
      for (int j = 0; j < NEEDLE.length; j++) {
        if (line[i + j] != NEEDLE[j]) {
          continue outer;
        }
      }
      int start = i + NEEDLE.length;
      while (start < line.length && line[start] == ' ') {
        start++;
      }
      if (start >= line.length || line[start] != '"') {
        return null;
      }
      start++;
      for (int end = start; end < line.length; end++) {
        if (line[end] == '\\') {
          return null; // escaped content: not worth decoding for a partitioning key
        }
        if (line[end] == '"') {
          return end > start ? new String(line, start, end - start, StandardCharsets.UTF_8) : null;
        }
      }
      return null;
    }
    return null;
  }
}
