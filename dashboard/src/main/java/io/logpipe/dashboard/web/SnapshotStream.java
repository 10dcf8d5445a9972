package io.logpipe.dashboard.web;

import io.javalin.http.sse.SseClient;
import io.logpipe.dashboard.live.LiveSnapshot;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The page's event stream ({@code /api/stream}): every snapshot goes to every connected page as one
 * {@code snapshot} event whose data is the {@code /api/live} JSON. A page that connects gets the
 * newest at once.
 */
final class SnapshotStream {

  static final String EVENT = "snapshot";

  private final CopyOnWriteArrayList<SseClient> clients = new CopyOnWriteArrayList<>();
  private volatile String latestJson;

  void connect(SseClient client) {
    client.keepAlive();
    client.onClose(() -> clients.remove(client));
    clients.add(client);
    String json = latestJson;
    if (json != null) {
      client.sendEvent(EVENT, json);
    }
  }

  /** Serialises once, sends to all; called on the collector thread. */
  void publish(LiveSnapshot snapshot) {
    String json = JsonViews.write(snapshot);
    latestJson = json;
    for (SseClient client : clients) {
      if (client.terminated()) {
        clients.remove(client);
      } else {
        client.sendEvent(EVENT, json);
      }
    }
  }

  int clients() {
    return clients.size();
  }

  void closeAll() {
    for (SseClient client : clients) {
      client.close();
    }
    clients.clear();
  }
}
