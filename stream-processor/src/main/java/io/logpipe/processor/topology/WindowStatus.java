package io.logpipe.processor.topology;

/** Store key helpers for "window start and status" pairs: {@code <windowStartMillis>/<status>}. */
final class WindowStatus {

  private WindowStatus() {}

  static String key(long windowStart, int status) {
    return windowStart + "/" + status;
  }

  static long windowStart(String key) {
    return Long.parseLong(key.substring(0, key.indexOf('/')));
  }

  static int status(String key) {
    return Integer.parseInt(key.substring(key.indexOf('/') + 1));
  }
}
