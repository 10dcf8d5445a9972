package io.logpipe.dashboard;

/** One line saying why the server did not start: the innermost cause that has a message. */
final class StartFailure {

  private StartFailure() {}

  static String describe(Throwable e) {
    String message = null;
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t.getMessage() != null && !t.getMessage().isBlank()) {
        message = t.getMessage();
      }
      if (t instanceof java.net.BindException) {
        return "the address is in use or not available (" + t.getMessage() + ")";
      }
    }
    return message != null ? message : e.getClass().getSimpleName();
  }
}
