package io.logpipe.testkit;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Predicate;

/** GETs of a program's HTTP endpoints ({@code /metrics}, {@code /readyz}, ...) from a test. */
public final class HttpProbe {

  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

  private HttpProbe() {}

  /** One GET of {@code uri}, its body as text. */
  public static HttpResponse<String> get(String uri) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(uri)).timeout(REQUEST_TIMEOUT).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /**
   * GETs {@code uri} until {@code done} accepts the answer, and returns it.
   *
   * @throws AssertionError when {@code timeout} passes first, naming the last status and body
   */
  public static HttpResponse<String> await(
      Duration timeout, String uri, Predicate<HttpResponse<String>> done) throws Exception {
    return Await.until(timeout, uri, () -> new Answer(get(uri)), a -> done.test(a.response()))
        .response();
  }

  /** An answer as a failed wait names it: status and body, not only the request line. */
  private record Answer(HttpResponse<String> response) {
    @Override
    public String toString() {
      return response.statusCode() + " " + response.body();
    }
  }
}
