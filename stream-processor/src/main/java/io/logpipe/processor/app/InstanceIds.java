package io.logpipe.processor.app;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Default {@code group.instance.id} of a processor: {@code <application.id>-<host>-<8 hex digits of its state
 * directory>}. The same on every restart on this host with this state directory, so a restarted processor is the
 * member it replaces; two processors on one host need two state directories anyway (Kafka Streams locks them).
 * The sink has its own small copy, which hashes its working directory.
 */
final class InstanceIds {

  /** {@code --instance-id} value that turns static membership off. */
  static final String NONE = "none";

  private InstanceIds() {
  }

  static String derive(String prefix, Path directory) {
    return prefix + "-" + hostName() + "-" + shortHash(directory.toAbsolutePath().normalize().toString());
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
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 4);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
