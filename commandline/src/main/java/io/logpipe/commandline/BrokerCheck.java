package io.logpipe.commandline;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.KafkaException;

/**
 * Asks Kafka for its cluster id once, with a short deadline. Kafka clients retry an unreachable
 * broker silently for {@code max.block.ms} or {@code default.api.timeout.ms} (60 s); this check
 * turns that into one line naming the servers and, when a plain TCP connect says why, the operating
 * system's reason.
 */
public final class BrokerCheck {

  private BrokerCheck() {}

  /**
   * Waits at most {@code timeout} for Kafka at {@code servers} to name its cluster.
   *
   * @param clientProperties the command's client properties; those an admin client knows are used
   *     (security)
   * @throws BrokerUnreachableException with a one-line reason naming the servers
   * @throws IllegalArgumentException when the client properties are invalid
   */
  public static void await(String servers, Map<String, ?> clientProperties, Duration timeout)
      throws InterruptedException {
    Properties props = new Properties();
    clientProperties.forEach(
        (k, v) -> {
          if (AdminClientConfig.configNames().contains(k)) {
            props.put(k, v);
          }
        });
    int ms = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
    props.put(AdminClientConfig.CLIENT_ID_CONFIG, "logpipe-connect-check");
    props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, ms);
    props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, ms);
    Admin admin = null;
    try {
      admin = Admin.create(props);
      admin
          .describeCluster(new DescribeClusterOptions().timeoutMs(ms))
          .clusterId()
          .get(ms + 1000L, TimeUnit.MILLISECONDS);
    } catch (KafkaException e) { // the admin client refused the configuration
      String why =
          e.getCause() != null && e.getCause().getMessage() != null
              ? e.getCause().getMessage()
              : e.getMessage();
      if (why != null
          && why.contains("bootstrap")) { // no resolvable address: a connection problem, say which
        throw new BrokerUnreachableException(
            "cannot connect to Kafka at " + servers + ": " + why, e);
      }
      throw new IllegalArgumentException("invalid client configuration: " + why, e);
    } catch (ExecutionException | TimeoutException e) {
      throw new BrokerUnreachableException(
          "Kafka at "
              + servers
              + " did not answer within "
              + seconds(timeout)
              + " ("
              + tcpReason(servers)
              + "); --connect-timeout sets this wait",
          e);
    } finally {
      if (admin != null) {
        admin.close(
            Duration.ZERO); // a plain close() waits for the pending request, interrupted or not
      }
    }
  }

  /** Why the servers do not answer, as far as a TCP connect to each can tell. */
  private static String tcpReason(String servers) {
    List<String> reasons = new ArrayList<>();
    for (String server : servers.split(",")) {
      String s = server.strip();
      int colon = s.lastIndexOf(':');
      if (colon < 0) {
        reasons.add(s + ": no port");
        continue;
      }
      try (Socket socket = new Socket()) {
        socket.connect(
            new InetSocketAddress(s.substring(0, colon), Integer.parseInt(s.substring(colon + 1))),
            1000);
        reasons.add(
            s
                + " accepts connections but did not answer as a Kafka broker (wrong port or security settings?)");
      } catch (IOException | IllegalArgumentException e) {
        reasons.add(s + ": " + e.getMessage());
      }
    }
    return String.join("; ", reasons);
  }

  private static String seconds(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
  }
}
