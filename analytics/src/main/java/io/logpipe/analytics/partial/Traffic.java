package io.logpipe.analytics.partial;

import java.io.Serializable;

/**
 * The mergeable aggregate of a group of rows (an hour, a host, a path): counts by status class,
 * bytes, the response-time histogram and, when asked for, the exact set of client IPs. Every KPI of
 * the tables is a function of it.
 */
public final class Traffic implements Serializable {

  private static final long serialVersionUID = 1L;

  private long requests;
  private final long[] statusClasses = new long[5];
  private long bytesTotal;
  private final RtHistogram rt;
  private final ClientIps ips;

  private Traffic(RtHistogram rt, ClientIps ips) {
    this.rt = rt;
    this.ips = ips;
  }

  /** An empty aggregate that keeps the set of client IPs. */
  public static Traffic withIps() {
    return new Traffic(new RtHistogram(), new ClientIps());
  }

  /** An empty aggregate without client IPs. */
  public static Traffic withoutIps() {
    return new Traffic(new RtHistogram(), null);
  }

  /**
   * A stored aggregate.
   *
   * @param statusClasses rows with a status in 1xx, 2xx, 3xx, 4xx, 5xx
   * @param ips the client IPs, null when the aggregate keeps none
   */
  public static Traffic of(
      long requests, long[] statusClasses, long bytesTotal, RtHistogram rt, ClientIps ips) {
    if (statusClasses.length != 5) {
      throw new IllegalArgumentException("5 status classes expected");
    }
    Traffic t = new Traffic(rt, ips);
    t.requests = requests;
    System.arraycopy(statusClasses, 0, t.statusClasses, 0, 5);
    t.bytesTotal = bytesTotal;
    return t;
  }

  /**
   * One row whose IP is already parsed.
   *
   * @param ipv4 the IP's number when it is a canonical IPv4 address ({@link ClientIps#ipv4}), else
   *     -1
   * @param otherIp the IP string when it is not one
   */
  public void add(int status, long bytes, boolean hasRt, long rtMs, long ipv4, String otherIp) {
    requests++;
    int hundreds = status / 100;
    if (status >= 100 && hundreds <= 5) {
      statusClasses[hundreds - 1]++;
    }
    bytesTotal += bytes;
    if (hasRt) {
      rt.add(rtMs);
    }
    if (ips != null) {
      if (ipv4 >= 0) {
        ips.addIpv4((int) ipv4);
      } else {
        ips.add(otherIp);
      }
    }
  }

  /** Adds {@code other} (whose IPs, if any, join this one's set when it keeps one). */
  public void addAll(Traffic other) {
    requests += other.requests;
    for (int i = 0; i < 5; i++) {
      statusClasses[i] += other.statusClasses[i];
    }
    bytesTotal += other.bytesTotal;
    rt.addAll(other.rt);
    if (ips != null) {
      if (other.ips == null) {
        throw new IllegalArgumentException("cannot take the IPs of an aggregate that has none");
      }
      ips.addAll(other.ips);
    }
  }

  public long requests() {
    return requests;
  }

  /** Rows with a status in {@code hundreds}xx, {@code hundreds} 1 to 5. */
  public long statusClass(int hundreds) {
    return statusClasses[hundreds - 1];
  }

  /** Rows with a status in 1xx .. 5xx, in that order (a copy). */
  public long[] statusClasses() {
    return statusClasses.clone();
  }

  public long bytesTotal() {
    return bytesTotal;
  }

  /** Rows with a response time. */
  public long rtCount() {
    return rt.total();
  }

  public RtHistogram rt() {
    return rt;
  }

  /** The client IPs; null when the aggregate keeps none. */
  public ClientIps ips() {
    return ips;
  }

  /** {@code (4xx + 5xx) / requests}. */
  public double errorRate() {
    return (statusClasses[3] + statusClasses[4]) / (double) requests;
  }

  /** {@code bytes_total / requests}. */
  public double bytesMean() {
    return bytesTotal / (double) requests;
  }

  /** p50, p95, p99 of the response times; nulls when there is none. */
  public Long[] percentiles() {
    return rt.percentiles(Quantile.P50, Quantile.P95, Quantile.P99);
  }
}
