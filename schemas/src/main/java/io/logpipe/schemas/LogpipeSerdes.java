package io.logpipe.schemas;

/**
 * The serdes every logpipe stage uses for its topics. Each call returns a serde backed by the
 * catalog of released schema versions ({@link SchemaCatalog#released()}).
 *
 * <p>They are ordinary Kafka {@link org.apache.kafka.common.serialization.Serde}s, so a deployment
 * with a schema registry can substitute its own implementation wherever these are passed in.
 */
public final class LogpipeSerdes {

  private static final SchemaCatalog CATALOG = SchemaCatalog.released();

  private LogpipeSerdes() {}

  /** Serde for {@link LogEvent} values of {@code logs_curated}. */
  public static AvroSerde<LogEvent> logEvent() {
    return new AvroSerde<>(LogEvent.class, CATALOG);
  }

  /** Serde for {@link RejectedLine} values of {@code logs_rejected}. */
  public static AvroSerde<RejectedLine> rejectedLine() {
    return new AvroSerde<>(RejectedLine.class, CATALOG);
  }

  /** Serde for {@link StatusCount} values of {@code logs_status_counts}. */
  public static AvroSerde<StatusCount> statusCount() {
    return new AvroSerde<>(StatusCount.class, CATALOG);
  }

  /** The catalog of released schema versions the serdes above resolve writers against. */
  public static SchemaCatalog catalog() {
    return CATALOG;
  }
}
