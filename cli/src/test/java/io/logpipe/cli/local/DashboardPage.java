package io.logpipe.cli.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Predicate;

/** The JSON endpoints of a dashboard served beside a local run, read as another tool would. */
final class DashboardPage {

  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();
  private final URI url;

  DashboardPage(URI url) {
    this.url = url;
  }

  JsonNode get(String path) throws IOException, InterruptedException {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(url.resolve(path)).timeout(Duration.ofSeconds(10)).build(),
            HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IOException(path + " answered " + r.statusCode() + ": " + r.body());
    }
    return JSON.readTree(r.body());
  }

  /** Polls {@code path} until {@code done} holds, with a deadline. */
  JsonNode poll(Duration deadline, String path, Predicate<JsonNode> done)
      throws IOException, InterruptedException {
    long end = System.nanoTime() + deadline.toNanos();
    JsonNode last = null;
    while (System.nanoTime() < end) {
      last = get(path);
      if (done.test(last)) {
        return last;
      }
      Thread.sleep(200); // pacing between probes; the deadline decides
    }
    throw new AssertionError(
        path + " did not reach the expected state within " + deadline + "; last: " + last);
  }
}
