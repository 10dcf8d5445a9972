package io.logpipe.analytics.partial;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.roaringbitmap.RoaringBitmap;

/**
 * The exact set of distinct client IPs (as the {@code ip} strings are written), mergeable by union.
 * A canonical dotted-quad IPv4 address ({@code 10.0.3.7}: four numbers 0-255 without leading zeros)
 * is kept as its 32-bit number in a Roaring bitmap, each number standing for exactly one such
 * string; every other string (IPv6, {@code 010.0.0.1}, {@code -}) is kept as is. So the size is the
 * exact number of distinct strings, and a union of many hours costs a bitmap {@code or}.
 */
public final class ClientIps implements Serializable {

  private static final long serialVersionUID = 1L;

  /** Addresses added one by one go here first, then into the bitmap sorted, many at a time. */
  private static final int PENDING = 4096;

  private final RoaringBitmap ipv4;
  private final Set<String> others;
  private int[] pending;
  private int pendingCount;

  public ClientIps() {
    this(new RoaringBitmap(), new HashSet<>());
  }

  private ClientIps(RoaringBitmap ipv4, Set<String> others) {
    this.ipv4 = ipv4;
    this.others = others;
  }

  /**
   * The set stored as {@link #ipv4Bytes()} and {@link #others()}.
   *
   * @throws IllegalArgumentException when the bytes are not a Roaring bitmap
   */
  public static ClientIps of(byte[] ipv4, String[] others) {
    RoaringBitmap b = new RoaringBitmap();
    try {
      b.deserialize(new DataInputStream(new ByteArrayInputStream(ipv4)));
    } catch (IOException e) {
      throw new IllegalArgumentException("not a Roaring bitmap of IPv4 addresses", e);
    }
    return new ClientIps(b, new HashSet<>(Arrays.asList(others)));
  }

  /** Adds one client IP string. */
  public void add(String ip) {
    long v = ipv4(ip);
    if (v < 0) {
      others.add(ip);
    } else {
      ipv4.add((int) v);
    }
  }

  /** Adds a canonical IPv4 address by its number ({@link #ipv4(String)}). */
  public void addIpv4(int address) {
    if (pending == null) {
      pending = new int[PENDING];
    } else if (pendingCount == PENDING) {
      flush();
    }
    pending[pendingCount++] = address;
  }

  /**
   * Moves the pending addresses into the bitmap: sorted, they are appended container by container,
   * instead of one search and insertion per row (which dominated the pass's profile).
   */
  private void flush() {
    if (pendingCount > 0) {
      // Unsigned order is the bitmap's; sorting signed numbers still groups them by container.
      Arrays.sort(pending, 0, pendingCount);
      ipv4.addN(pending, 0, pendingCount);
      pendingCount = 0;
    }
  }

  /** Adds every address of {@code other}. */
  public void addAll(ClientIps other) {
    flush();
    other.flush();
    ipv4.or(other.ipv4);
    others.addAll(other.others);
  }

  /** Distinct IPs. */
  public long size() {
    flush();
    return ipv4.getLongCardinality() + others.size();
  }

  /**
   * The IPv4 addresses in Roaring's portable serialization (the format of the Roaring bitmap
   * specification, readable by its C, Go, Rust... implementations), as unsigned 32-bit numbers.
   */
  public byte[] ipv4Bytes() {
    flush();
    ipv4.runOptimize();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(ipv4.serializedSizeInBytes());
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      ipv4.serialize(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /** The IPv4 addresses as numbers, ascending as unsigned. */
  public int[] ipv4() {
    flush();
    return ipv4.toArray();
  }

  /** The addresses that are not canonical IPv4, ascending. */
  public String[] others() {
    return others.stream().sorted().toArray(String[]::new);
  }

  /** The number of a canonical dotted-quad IPv4 string ({@code 0..2^32-1}); -1 for any other. */
  public static long ipv4(CharSequence s) {
    int n = s.length();
    if (n < 7 || n > 15) {
      return -1;
    }
    long value = 0;
    int part = 0;
    int digits = 0;
    int octet = 0;
    for (int i = 0; i <= n; i++) {
      char c = i < n ? s.charAt(i) : '.';
      if (c == '.') {
        if (digits == 0 || part > 3) {
          return -1;
        }
        value = (value << 8) | octet;
        part++;
        digits = 0;
        octet = 0;
      } else if (c >= '0' && c <= '9') {
        if (digits > 0 && octet == 0) {
          return -1; // a leading zero: another string for the same number
        }
        octet = octet * 10 + (c - '0');
        digits++;
        if (octet > 255) {
          return -1;
        }
      } else {
        return -1;
      }
    }
    return part == 4 ? value : -1;
  }
}
