package io.logpipe.processor.testing;

import io.logpipe.schemas.RejectReason;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Deterministic mix of access-log lines for integration tests and benchmarks: JSON, combined and
 * vhost_combined lines with rising event times, and about 3% invalid lines spread over the
 * rejection reasons.
 */
public final class MixedLogLines {

  /** One generated line and what the processor must make of it. */
  public record Line(byte[] bytes, RejectReason expectedReason, Instant ts, int status) {
    public boolean valid() {
      return expectedReason == null;
    }
  }

  private static final int[] STATUSES = {
    200, 200, 200, 200, 200, 200, 201, 204, 301, 302, 304, 304, 400, 401, 403, 404, 404, 500, 502,
    503
  };
  private static final String[] PATHS = {
    "/",
    "/index.html",
    "/api/v1/login",
    "/api/v1/orders",
    "/static/app.js",
    "/images/logo.png",
    "/search",
    "/cart/checkout"
  };
  private static final DateTimeFormatter APACHE =
      DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT).withZone(ZoneOffset.UTC);

  private MixedLogLines() {}

  /**
   * {@code n} lines whose event times start at {@code start} and rise by {@code stepMicros} each
   * (whole seconds for the Apache formats, which log no fraction).
   */
  public static List<Line> generate(int n, Instant start, long stepMicros, long seed) {
    Random r = new Random(seed);
    List<Line> lines = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      Instant ts = start.plusNanos(i * stepMicros * 1000L);
      int status = STATUSES[r.nextInt(STATUSES.length)];
      String path =
          PATHS[r.nextInt(PATHS.length)] + (r.nextInt(4) == 0 ? "?q=" + r.nextInt(1000) : "");
      String ip = "10." + r.nextInt(256) + "." + r.nextInt(256) + "." + r.nextInt(256);
      int kind = r.nextInt(100);
      if (kind < 3) {
        lines.add(invalid(i, r, ts, status, path, ip));
      } else if (kind < 53) {
        String line = json(ts, status, path, ip, r.nextInt(100_000), r.nextInt(2000));
        lines.add(new Line(line.getBytes(StandardCharsets.UTF_8), null, ts, status));
      } else {
        Instant whole = Instant.ofEpochSecond(ts.getEpochSecond());
        String prefix = kind < 90 ? "" : "shop" + r.nextInt(3) + ".example.com:443 ";
        String line =
            prefix
                + ip
                + " - - ["
                + APACHE.format(whole)
                + "] \"GET "
                + path
                + " HTTP/1.1\" "
                + status
                + " "
                + r.nextInt(100_000)
                + " \"https://ref.example/\" \"Mozilla/5.0 (X11; Linux x86_64)\"";
        lines.add(new Line(line.getBytes(StandardCharsets.UTF_8), null, whole, status));
      }
    }
    return lines;
  }

  /** A JSON line as the seed's producers write it. */
  public static String json(Instant ts, int status, String path, String ip, int bytes, int rtMs) {
    return "{\"ts\":\""
        + ts
        + "\",\"host\":\"api.myapp.com\",\"method\":\"GET\",\"path\":\""
        + path
        + "\",\"status\":"
        + status
        + ",\"bytes\":"
        + bytes
        + ",\"ip\":\""
        + ip
        + "\",\"ua\":\"curl/8.0\",\"rt_ms\":"
        + rtMs
        + "}";
  }

  private static Line invalid(int i, Random r, Instant ts, int status, String path, String ip) {
    String good = json(ts, status, path, ip, 10, 5);
    return switch (r.nextInt(8)) {
      case 0 -> bad(good.substring(0, good.length() / 2), RejectReason.MALFORMED_JSON);
      case 1 -> bad("this is not a log line #" + i, RejectReason.UNKNOWN_FORMAT);
      case 2 ->
          bad(
              good.replace("\"status\":" + status, "\"status\":" + (600 + status)),
              RejectReason.BAD_STATUS);
      case 3 -> bad(good.replace(ts.toString(), "yesterday"), RejectReason.BAD_TIMESTAMP);
      case 4 -> bad(good.replace("\"path\":\"/", "\"path\":\""), RejectReason.BAD_PATH);
      case 5 -> bad(good.replace(",\"method\":\"GET\"", ""), RejectReason.MISSING_FIELD);
      case 6 -> bad(good.replace("\"bytes\":10", "\"bytes\":-10"), RejectReason.BAD_NUMBER);
      default -> {
        byte[] b = good.getBytes(StandardCharsets.UTF_8);
        b[b.length / 2] = (byte) 0xFE;
        yield new Line(b, RejectReason.NOT_UTF8, null, 0);
      }
    };
  }

  private static Line bad(String line, RejectReason reason) {
    return new Line(line.getBytes(StandardCharsets.UTF_8), reason, null, 0);
  }
}
