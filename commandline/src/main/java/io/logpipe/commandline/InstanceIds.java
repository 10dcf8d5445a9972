package io.logpipe.commandline;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Default {@code group.instance.id} of a long-running consumer ({@code --instance-id}): {@code
 * <group>-<host>-<8 hex digits of a directory>}, the processor's state directory or the sink's
 * working directory. The same on every restart on this host from that directory, so a restarted
 * instance is the member it replaces; two instances on one host differ as long as their directories
 * do.
 */
public final class InstanceIds {

  /** {@code --instance-id} value that turns static membership off. */
  public static final String NONE = "none";

  private InstanceIds() {}

  /**
   * {@code <prefix>-<host>-<hash of directory>}, characters outside {@code [A-Za-z0-9._-]} of the
   * host as {@code _}.
   */
  public static String derive(String prefix, Path directory) {
    return prefix
        + "-"
        + hostName()
        + "-"
        + shortHash(directory.toAbsolutePath().normalize().toString());
  }

  private static String hostName() {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      host = "localhost";
    }
    return host.replaceAll("[^A-Za-z0-9._-]", "_");
  }

  private static String shortHash(String text) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 4);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
