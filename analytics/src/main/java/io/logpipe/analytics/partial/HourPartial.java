package io.logpipe.analytics.partial;

import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;

/**
 * The partial aggregates of one curated hour: per host (with client IPs) and per path. The hour's
 * own totals are the union of its hosts. Partials of the same hour computed from different files
 * merge into the partial of all of them.
 */
public final class HourPartial implements Serializable {

  private static final long serialVersionUID = 1L;

  private final String dt;
  private final String hour;
  private final Map<String, Traffic> hosts = new HashMap<>();
  private final Map<String, Traffic> paths = new HashMap<>();

  /**
   * @param dt the hour's {@code dt} directory value, {@code 2025-12-24}
   * @param hour the hour's {@code hour} directory value, {@code 07}
   */
  public HourPartial(String dt, String hour) {
    this.dt = dt;
    this.hour = hour;
  }

  public String dt() {
    return dt;
  }

  public String hour() {
    return hour;
  }

  /** One row of the hour. */
  public void add(
      String host, String path, int status, long bytes, boolean hasRt, long rtMs, String ip) {
    long v4 = ClientIps.ipv4(ip);
    add(host, path, status, bytes, hasRt, rtMs, v4, v4 < 0 ? ip : null);
  }

  /**
   * One row of the hour whose IP is already parsed: {@code ipv4} its number when it is a canonical
   * IPv4 address, else -1 and {@code otherIp} the string.
   */
  public void add(
      String host,
      String path,
      int status,
      long bytes,
      boolean hasRt,
      long rtMs,
      long ipv4,
      String otherIp) {
    hosts
        .computeIfAbsent(host, h -> Traffic.withIps())
        .add(status, bytes, hasRt, rtMs, ipv4, otherIp);
    paths
        .computeIfAbsent(path, p -> Traffic.withoutIps())
        .add(status, bytes, hasRt, rtMs, -1, null);
  }

  /** Adds the rows of another partial of the same hour. */
  public HourPartial addAll(HourPartial other) {
    if (!dt.equals(other.dt) || !hour.equals(other.hour)) {
      throw new IllegalArgumentException(
          "cannot merge hour " + other.dt + "T" + other.hour + " into " + dt + "T" + hour);
    }
    other.hosts.forEach((k, v) -> hosts.computeIfAbsent(k, x -> Traffic.withIps()).addAll(v));
    other.paths.forEach((k, v) -> paths.computeIfAbsent(k, x -> Traffic.withoutIps()).addAll(v));
    return this;
  }

  /** Per host, with client IPs. */
  public Map<String, Traffic> hosts() {
    return hosts;
  }

  /** Per path, without client IPs. */
  public Map<String, Traffic> paths() {
    return paths;
  }

  /** The hour as a whole: the union of its hosts, client IPs included. */
  public Traffic total() {
    Traffic all = Traffic.withIps();
    hosts.values().forEach(all::addAll);
    return all;
  }

  /** Rows of the hour. */
  public long requests() {
    long n = 0;
    for (Traffic t : hosts.values()) {
      n += t.requests();
    }
    return n;
  }
}
