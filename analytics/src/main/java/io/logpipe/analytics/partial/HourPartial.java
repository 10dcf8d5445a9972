package io.logpipe.analytics.partial;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
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
    host(host).add(status, bytes, hasRt, rtMs, ipv4, otherIp);
    path(path).add(status, bytes, hasRt, rtMs, -1, null);
  }

  /**
   * The aggregate of a host, created empty if the hour has none yet: a scan that knows the host of
   * many rows at once adds them to it directly ({@link Traffic#add}, with the row's IP), one map
   * lookup per distinct host instead of per row.
   */
  public Traffic host(String host) {
    return hosts.computeIfAbsent(host, h -> Traffic.withIps());
  }

  /** The aggregate of a path (rows are added without IP), created empty if the hour has none. */
  public Traffic path(String path) {
    return paths.computeIfAbsent(path, p -> Traffic.withoutIps());
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

  /**
   * The partial as bytes, for Spark to move between tasks: its counts, the histograms' and IP sets'
   * stored forms, far smaller than the objects with their hash tables' free slots.
   */
  public byte[] toBytes() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      text(out, dt);
      text(out, hour);
      write(out, hosts, true);
      write(out, paths, false);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /** Parses {@link #toBytes()}. */
  public static HourPartial fromBytes(byte[] bytes) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
      HourPartial p = new HourPartial(text(in), text(in));
      read(in, p.hosts, true);
      read(in, p.paths, false);
      return p;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void write(DataOutputStream out, Map<String, Traffic> groups, boolean withIps)
      throws IOException {
    out.writeInt(groups.size());
    for (Map.Entry<String, Traffic> e : groups.entrySet()) {
      Traffic t = e.getValue();
      text(out, e.getKey());
      out.writeLong(t.requests());
      for (long c : t.statusClasses()) {
        out.writeLong(c);
      }
      out.writeLong(t.bytesTotal());
      bytes(out, t.rt().toBytes());
      if (withIps) {
        bytes(out, t.ips().ipv4Bytes());
        String[] others = t.ips().others();
        out.writeInt(others.length);
        for (String o : others) {
          text(out, o);
        }
      }
    }
  }

  private static void read(DataInputStream in, Map<String, Traffic> groups, boolean withIps)
      throws IOException {
    int n = in.readInt();
    for (int i = 0; i < n; i++) {
      String key = text(in);
      long requests = in.readLong();
      long[] classes = new long[5];
      for (int c = 0; c < 5; c++) {
        classes[c] = in.readLong();
      }
      long bytesTotal = in.readLong();
      RtHistogram rt = RtHistogram.fromBytes(bytes(in));
      ClientIps ips = null;
      if (withIps) {
        byte[] v4 = bytes(in);
        String[] others = new String[in.readInt()];
        for (int o = 0; o < others.length; o++) {
          others[o] = text(in);
        }
        ips = ClientIps.of(v4, others);
      }
      groups.put(key, Traffic.of(requests, classes, bytesTotal, rt, ips));
    }
  }

  /** Any length, unlike {@code writeUTF}'s 64 KiB: a path is whatever the log line said. */
  private static void text(DataOutputStream out, String s) throws IOException {
    bytes(out, s.getBytes(StandardCharsets.UTF_8));
  }

  private static String text(DataInputStream in) throws IOException {
    return new String(bytes(in), StandardCharsets.UTF_8);
  }

  private static void bytes(DataOutputStream out, byte[] b) throws IOException {
    out.writeInt(b.length);
    out.write(b);
  }

  private static byte[] bytes(DataInputStream in) throws IOException {
    byte[] b = new byte[in.readInt()];
    in.readFully(b);
    return b;
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
