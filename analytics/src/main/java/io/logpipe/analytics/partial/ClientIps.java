package io.logpipe.analytics.partial;

import java.io.Serializable;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

/**
 * The exact set of distinct client IPs (as the {@code ip} strings are written), mergeable by union.
 * A canonical dotted-quad IPv4 address ({@code 10.0.3.7}: four numbers 0-255 without leading zeros)
 * is kept as its 32-bit number, which stands for exactly one such string; every other string (IPv6,
 * {@code 010.0.0.1}, {@code -}) is kept as is. So the size is the exact number of distinct strings.
 */
public final class ClientIps implements Serializable {

  private static final long serialVersionUID = 1L;

  /** Marks a free slot; the address 0.0.0.0, whose number it is, is tracked apart. */
  private static final int FREE = 0;

  private int[] slots = new int[16];
  private int used;
  private boolean hasZero;
  private final Set<String> others = new HashSet<>();

  /** The set of the given addresses: IPv4 numbers and other strings. */
  public static ClientIps of(int[] ipv4, String[] others) {
    ClientIps s = new ClientIps();
    for (int a : ipv4) {
      s.addIpv4(a);
    }
    s.others.addAll(Arrays.asList(others));
    return s;
  }

  /** Adds one client IP string. */
  public void add(String ip) {
    long v = ipv4(ip);
    if (v < 0) {
      others.add(ip);
    } else {
      addIpv4((int) v);
    }
  }

  /** Adds every address of {@code other}. */
  public void addAll(ClientIps other) {
    for (int a : other.slots) {
      if (a != FREE) {
        addIpv4(a);
      }
    }
    if (other.hasZero) {
      hasZero = true;
    }
    others.addAll(other.others);
  }

  /** Distinct IPs. */
  public long size() {
    return used + (hasZero ? 1 : 0) + others.size();
  }

  /** The IPv4 addresses as numbers (signed 32-bit), ascending. */
  public int[] ipv4() {
    int[] a = new int[used + (hasZero ? 1 : 0)];
    int n = 0;
    for (int x : slots) {
      if (x != FREE) {
        a[n++] = x;
      }
    }
    if (hasZero) {
      a[n] = 0;
    }
    Arrays.sort(a);
    return a;
  }

  /** The addresses that are not canonical IPv4, ascending. */
  public String[] others() {
    return others.stream().sorted().toArray(String[]::new);
  }

  /** The number of a canonical dotted-quad IPv4 string ({@code 0..2^32-1}); -1 for any other. */
  public static long ipv4(String s) {
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

  private void addIpv4(int a) {
    if (a == FREE) {
      hasZero = true;
      return;
    }
    int mask = slots.length - 1;
    int i = mix(a) & mask;
    while (slots[i] != FREE) {
      if (slots[i] == a) {
        return;
      }
      i = (i + 1) & mask;
    }
    slots[i] = a;
    used++;
    if (used * 2 > slots.length) {
      grow();
    }
  }

  private void grow() {
    int[] old = slots;
    slots = new int[old.length * 2];
    used = 0;
    for (int a : old) {
      if (a != FREE) {
        addIpv4(a);
      }
    }
  }

  private static int mix(int a) {
    int h = a * 0x9E3779B9;
    return h ^ (h >>> 16);
  }
}
