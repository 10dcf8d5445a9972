package io.logpipe.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The TCP sockets a process listens on, read from Linux's {@code /proc}. {@code
 * /proc/<pid>/net/tcp} and {@code tcp6} list every socket of the network namespace, so only those
 * whose inode is one of the process's own file descriptors count.
 *
 * <p>For tests that check nothing of a run listens beyond loopback.
 */
public final class ListeningSockets {

  private static final String LISTEN = "0A";

  /** One listening socket: the local address and port. */
  public record Socket(InetAddress address, int port) {
    public boolean onLoopback() {
      return address.isLoopbackAddress();
    }

    @Override
    public String toString() {
      return address.getHostAddress() + ":" + port;
    }
  }

  private ListeningSockets() {}

  /** The sockets {@code pid} listens on now; empty once the process is gone. */
  public static List<Socket> of(long pid) {
    Path proc = Path.of("/proc", Long.toString(pid));
    Set<String> inodes = socketInodes(proc.resolve("fd"));
    List<Socket> sockets = new ArrayList<>();
    for (String table : List.of("tcp", "tcp6")) {
      List<String> lines;
      try {
        lines = Files.readAllLines(proc.resolve("net").resolve(table));
      } catch (NoSuchFileException gone) {
        continue;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
        // sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode
        String[] f = line.trim().split("\\s+");
        if (f.length > 9 && f[3].equals(LISTEN) && inodes.contains(f[9])) {
          sockets.add(parse(f[1]));
        }
      }
    }
    return sockets;
  }

  /** This JVM's listening sockets. */
  public static List<Socket> ofThisProcess() {
    return of(ProcessHandle.current().pid());
  }

  private static Set<String> socketInodes(Path fdDir) {
    Set<String> inodes = new HashSet<>();
    try (Stream<Path> fds = Files.list(fdDir)) {
      for (Path fd : (Iterable<Path>) fds::iterator) {
        try {
          String target = Files.readSymbolicLink(fd).toString(); // socket:[12345]
          if (target.startsWith("socket:[")) {
            inodes.add(target.substring(8, target.length() - 1));
          }
        } catch (IOException closedMeanwhile) {
          // the descriptor was closed while we listed: not a socket that is listening now
        }
      }
    } catch (NoSuchFileException gone) {
      return inodes;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return inodes;
  }

  /**
   * {@code 0100007F:1F90} (IPv4) or 32 hex digits (IPv6), each 32-bit word in host (little-endian)
   * order.
   */
  static Socket parse(String hexAddressAndPort) {
    String[] parts = hexAddressAndPort.split(":");
    String hex = parts[0];
    byte[] address = new byte[hex.length() / 2];
    for (int word = 0; word < address.length / 4; word++) {
      for (int b = 0; b < 4; b++) {
        int at = word * 8 + (3 - b) * 2;
        address[word * 4 + b] = (byte) Integer.parseInt(hex.substring(at, at + 2), 16);
      }
    }
    try {
      // An IPv4-mapped IPv6 address (::ffff:127.0.0.1) comes back as the Inet4Address it maps.
      return new Socket(InetAddress.getByAddress(address), Integer.parseInt(parts[1], 16));
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("Not an address: " + hexAddressAndPort, e);
    }
  }
}
