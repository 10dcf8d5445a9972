package io.logpipe.analytics;

import java.util.ArrayList;
import java.util.List;

/** Turns a Spark failure into one line a user can read, instead of a page of stack trace. */
public final class SparkFailures {

    private static final int MAX_LENGTH = 600;

    private SparkFailures() {
    }

    /**
     * The innermost useful messages of a failure chain, outermost first, deduplicated, e.g.
     * {@code "Job aborted ... : file:/lake/x.parquet is not a Parquet file"}.
     */
    public static String describe(Throwable failure) {
        List<String> messages = new ArrayList<>();
        for (Throwable t = failure; t != null && messages.size() < 8; t = t.getCause() == t ? null : t.getCause()) {
            String m = t.getMessage();
            if (m == null || m.isBlank()) {
                continue;
            }
            String line = firstLine(m);
            if (messages.stream().noneMatch(prev -> prev.contains(line))) {
                messages.add(line);
            }
        }
        if (messages.isEmpty()) {
            return failure.getClass().getSimpleName();
        }
        // The root cause is what the user can act on; the outermost says what Spark was doing.
        String root = messages.get(messages.size() - 1);
        String text = messages.size() == 1 ? root : messages.get(0) + " ... caused by: " + root;
        return text.length() <= MAX_LENGTH ? text : text.substring(0, MAX_LENGTH) + "...";
    }

    private static String firstLine(String message) {
        int nl = message.indexOf('\n');
        return (nl < 0 ? message : message.substring(0, nl)).trim();
    }
}
