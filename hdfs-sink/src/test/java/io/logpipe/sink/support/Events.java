package io.logpipe.sink.support;

import io.logpipe.schemas.LogEvent;
import io.logpipe.schemas.LogFormat;
import io.logpipe.schemas.LogpipeSerdes;
import io.logpipe.sink.row.EncodedRow;
import io.logpipe.sink.row.RowCodec;
import java.time.Instant;
import java.util.Random;

/** Builds realistic LogEvents for tests and benchmarks. */
public final class Events {

  private static final String[] PATHS = {
    "/", "/api/v1/login", "/api/v1/orders", "/static/app.js", "/img/logo.png"
  };
  private static final String[] HOSTS = {"api.myapp.com", "www.myapp.com", "cdn.myapp.com"};
  private static final int[] STATUS = {200, 200, 200, 201, 301, 304, 404, 500, 503};

  private static final ThreadLocal<RowCodec> ROWS = ThreadLocal.withInitial(RowCodec::new);

  private Events() {}

  /**
   * {@code event} as the sink reads it from Kafka: encoded by the processor's serde, checked by a
   * row codec.
   */
  public static EncodedRow row(LogEvent event) {
    return ROWS.get().read("t", LogpipeSerdes.logEvent().serialize("t", event));
  }

  /**
   * An event at {@code ts} whose lineage is ({@code rawTopic}, {@code rawPartition}, {@code
   * rawOffset}).
   */
  public static LogEvent event(
      Instant ts, String rawTopic, int rawPartition, long rawOffset, Random rnd) {
    return LogEvent.newBuilder()
        .setTs(ts)
        .setHost(HOSTS[rnd.nextInt(HOSTS.length)])
        .setMethod(rnd.nextInt(10) == 0 ? "POST" : "GET")
        .setPath(PATHS[rnd.nextInt(PATHS.length)])
        .setQuery(rnd.nextInt(4) == 0 ? "q=" + rnd.nextInt(1000) : null)
        .setStatus(STATUS[rnd.nextInt(STATUS.length)])
        .setBytes(rnd.nextInt(50_000))
        .setIp("10." + rnd.nextInt(256) + "." + rnd.nextInt(256) + "." + rnd.nextInt(256))
        .setUa(rnd.nextBoolean() ? "curl/8.0" : "Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0")
        .setReferrer(null)
        .setRtMs(rnd.nextBoolean() ? (long) rnd.nextInt(2000) : null)
        .setFormat(LogFormat.JSON)
        .setRawTopic(rawTopic)
        .setRawPartition(rawPartition)
        .setRawOffset(rawOffset)
        .build();
  }
}
