package io.logpipe.ingest.generator;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The shape of the invented traffic: which paths, methods, statuses, clients and agents occur and
 * how often, and how big and slow responses are. All draws take the caller's random source so that
 * a seed fixes the output.
 */
final class TrafficModel {

  /** Popularity exponent of paths (Zipf): the top path gets about a fifth of the traffic. */
  static final double PATH_ZIPF_EXPONENT = 1.1;

  /** Popularity exponent of client addresses. */
  static final double CLIENT_ZIPF_EXPONENT = 1.0;

  /** Popularity exponent of virtual hosts. */
  static final double HOST_ZIPF_EXPONENT = 0.8;

  /** Distinct client addresses in the pool. */
  static final int CLIENT_POOL = 2_000;

  /** Spread (sigma of the underlying normal) of response times and of sizes. */
  static final double RT_SIGMA = 0.6;

  static final double ERROR_RT_SIGMA = 0.8;
  static final double BYTES_SIGMA = 0.25;

  /**
   * Server errors take this many times longer than the path's median (timeouts, retries upstream).
   */
  static final double ERROR_SLOWDOWN = 6.0;

  static final long MAX_RT_MS = 60_000;

  /** One path template: its popularity rank is its position in {@link #PATHS}. */
  record PathSpec(String template, boolean api, long medianBytes, double medianRtMs) {

    /** The template's text before its placeholder (all of it when there is none), pre-encoded. */
    byte[] prefix() {
      int brace = template.indexOf('{');
      return ascii(brace < 0 ? template : template.substring(0, brace));
    }

    /** The template's text after its placeholder, pre-encoded. */
    byte[] suffix() {
      int close = template.indexOf('}');
      return ascii(close < 0 ? "" : template.substring(close + 1));
    }

    /** 0: none, 1: numeric id, 2: search term. */
    int placeholder() {
      return template.contains("{id}") ? 1 : template.contains("{term}") ? 2 : 0;
    }
  }

  /**
   * A path template ready for writing: parts pre-encoded so that lines are assembled by copying
   * bytes.
   */
  record EncodedPath(PathSpec spec, byte[] prefix, int placeholder, byte[] suffix) {
    EncodedPath(PathSpec spec) {
      this(spec, spec.prefix(), spec.placeholder(), spec.suffix());
    }
  }

  static final List<PathSpec> PATHS =
      List.of(
          new PathSpec("/", false, 18_000, 35),
          new PathSpec("/api/v1/products", true, 42_000, 80),
          new PathSpec("/api/v1/login", true, 900, 120),
          new PathSpec("/static/js/app.js", false, 310_000, 12),
          new PathSpec("/static/css/main.css", false, 58_000, 10),
          new PathSpec("/api/v1/cart", true, 3_500, 60),
          new PathSpec("/images/logo.png", false, 24_000, 8),
          new PathSpec("/api/v1/search?q={term}", true, 26_000, 210),
          new PathSpec("/api/v1/users/{id}", true, 1_800, 45),
          new PathSpec("/api/v1/orders", true, 12_000, 150),
          new PathSpec("/products/{id}", false, 64_000, 90),
          new PathSpec("/api/v1/checkout", true, 2_400, 380),
          new PathSpec("/favicon.ico", false, 5_400, 4),
          new PathSpec("/api/v1/recommendations", true, 15_000, 260),
          new PathSpec("/blog", false, 48_000, 70),
          new PathSpec("/api/v1/orders/{id}", true, 4_100, 95),
          new PathSpec("/about", false, 21_000, 30),
          new PathSpec("/api/v1/logout", true, 300, 25),
          new PathSpec("/api/v2/inventory", true, 88_000, 320),
          new PathSpec("/admin/dashboard", false, 120_000, 450),
          new PathSpec("/api/v1/reviews?product={id}", true, 9_000, 110),
          new PathSpec("/health", true, 40, 2),
          new PathSpec("/robots.txt", false, 120, 3),
          new PathSpec("/sitemap.xml", false, 36_000, 40),
          new PathSpec("/api/v1/payments", true, 1_100, 640),
          new PathSpec("/contact", false, 16_000, 28),
          new PathSpec("/docs/getting-started", false, 74_000, 55),
          new PathSpec("/api/v1/notifications", true, 6_000, 70),
          new PathSpec("/downloads/app-latest.zip", false, 24_000_000, 2_500),
          new PathSpec("/api/v1/export?format=csv", true, 2_000_000, 1_800));

  static final List<String> SEARCH_TERMS =
      List.of(
          "shoes",
          "laptop",
          "coffee",
          "headphones",
          "desk",
          "lamp",
          "jacket",
          "camera",
          "phone",
          "books");
  static final byte[][] SEARCH_TERM_BYTES =
      SEARCH_TERMS.stream().map(TrafficModel::ascii).toArray(byte[][]::new);

  static final WeightedChoice<String> API_METHODS =
      new WeightedChoice<>(
          List.of("GET", "POST", "PUT", "DELETE", "PATCH"), new double[] {60, 25, 7, 5, 3});
  static final WeightedChoice<String> PAGE_METHODS =
      new WeightedChoice<>(List.of("GET", "HEAD", "OPTIONS"), new double[] {95, 4, 1});

  /** Baseline status mix (percent). */
  static final WeightedChoice<Integer> STATUS =
      new WeightedChoice<>(
          List.of(200, 201, 204, 301, 304, 400, 401, 403, 404, 429, 500, 502, 503, 504),
          new double[] {82, 2, 1, 2, 4, 2, 1.5, 0.5, 3, 0.5, 0.8, 0.3, 0.3, 0.1});

  /** Status mix of the failing host during an error burst. */
  static final WeightedChoice<Integer> BURST_STATUS =
      new WeightedChoice<>(List.of(500, 502, 503, 504, 200), new double[] {30, 20, 20, 10, 20});

  static final WeightedChoice<String> USER_AGENTS =
      new WeightedChoice<>(
          List.of(
              "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36",
              "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15",
              "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148",
              "Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0",
              "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Mobile Safari/537.36",
              "curl/8.0",
              "python-requests/2.31.0",
              "okhttp/4.12.0",
              "Googlebot/2.1 (+http://www.google.com/bot.html)",
              "kube-probe/1.29"),
          new double[] {34, 18, 16, 6, 10, 4, 4, 4, 2, 2});

  private static final WeightedChoice<EncodedPath> ENCODED_PATHS =
      WeightedChoice.zipf(PATHS.stream().map(EncodedPath::new).toList(), PATH_ZIPF_EXPONENT);
  static final byte[][] USER_AGENT_BYTES =
      USER_AGENTS.items().stream().map(TrafficModel::ascii).toArray(byte[][]::new);

  private final WeightedChoice<String> hosts;
  private final byte[][] hostBytes;
  private final WeightedChoice<byte[]> clients;

  TrafficModel(List<String> hostsByPopularity, long seed) {
    this.hosts = WeightedChoice.zipf(hostsByPopularity, HOST_ZIPF_EXPONENT);
    this.hostBytes = hostsByPopularity.stream().map(TrafficModel::ascii).toArray(byte[][]::new);
    // The client pool is fixed by the seed alone, so it does not shift when other draws change.
    SplittableRandom poolRandom = new SplittableRandom(seed ^ 0x5DEECE66DL);
    List<byte[]> pool = new ArrayList<>(CLIENT_POOL);
    for (int i = 0; i < CLIENT_POOL; i++) {
      pool.add(
          ascii(
              (1 + poolRandom.nextInt(223))
                  + "."
                  + poolRandom.nextInt(256)
                  + "."
                  + poolRandom.nextInt(256)
                  + "."
                  + (1 + poolRandom.nextInt(254))));
    }
    this.clients = WeightedChoice.zipf(pool, CLIENT_ZIPF_EXPONENT);
  }

  /** Index of a host by popularity; see {@link #hostName} and {@link #hostBytes}. */
  int host(SplittableRandom r) {
    return hosts.pickIndex(r);
  }

  String hostName(int index) {
    return hosts.items().get(index);
  }

  byte[] hostBytes(int index) {
    return hostBytes[index];
  }

  List<String> hosts() {
    return hosts.items();
  }

  static EncodedPath path(SplittableRandom r) {
    return ENCODED_PATHS.pick(r);
  }

  /**
   * Writes the concrete request target of a template (ids and search terms filled in).
   *
   * @param dropLeadingSlash write it without its leading '/', an invalid path
   */
  static void writeTarget(
      LineBuffer out, EncodedPath path, SplittableRandom r, boolean dropLeadingSlash) {
    byte[] prefix = path.prefix();
    if (dropLeadingSlash) {
      out.raw(prefix, 1, prefix.length - 1);
    } else {
      out.raw(prefix);
    }
    if (path.placeholder() == 1) {
      out.number(1 + r.nextInt(9_999));
    } else if (path.placeholder() == 2) {
      out.raw(SEARCH_TERM_BYTES[r.nextInt(SEARCH_TERM_BYTES.length)]);
    }
    out.raw(path.suffix());
  }

  static String method(PathSpec spec, SplittableRandom r) {
    return spec.api() ? API_METHODS.pick(r) : PAGE_METHODS.pick(r);
  }

  static int status(SplittableRandom r, boolean failingHost) {
    return failingHost ? BURST_STATUS.pick(r) : STATUS.pick(r);
  }

  /**
   * Log-normal around the path's median; server errors are several times slower, client errors
   * faster.
   */
  static long responseTimeMs(PathSpec spec, int status, SplittableRandom r) {
    double median = spec.medianRtMs();
    double sigma = RT_SIGMA;
    if (status >= 500) {
      median *= ERROR_SLOWDOWN;
      sigma = ERROR_RT_SIGMA;
    } else if (status >= 400 || status == 304) {
      median *= 0.4;
    }
    long rt = Math.round(median * Math.exp(sigma * r.nextGaussian()));
    return Math.max(1, Math.min(MAX_RT_MS, rt));
  }

  /**
   * Bodies follow the path's size for successes; errors, redirects and empty statuses have small or
   * no bodies.
   */
  static long bytes(PathSpec spec, int status, SplittableRandom r) {
    if (status == 204 || status == 304) {
      return 0;
    }
    if (status >= 300) {
      return 150 + r.nextInt(status >= 500 ? 1_000 : 450);
    }
    return Math.max(1, Math.round(spec.medianBytes() * Math.exp(BYTES_SIGMA * r.nextGaussian())));
  }

  byte[] client(SplittableRandom r) {
    return clients.pick(r);
  }

  static byte[] userAgent(SplittableRandom r) {
    return USER_AGENT_BYTES[USER_AGENTS.pickIndex(r)];
  }

  static byte[] ascii(String s) {
    return s.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  }
}
