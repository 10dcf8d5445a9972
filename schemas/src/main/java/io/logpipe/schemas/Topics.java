package io.logpipe.schemas;

/**
 * Default names of the topics that connect logpipe's stages; each stage's config can override them.
 */
public final class Topics {

  /** Raw access-log lines, one per record, UTF-8 bytes exactly as the source wrote them. */
  public static final String RAW = "logs_raw";

  /** Curated {@link LogEvent}s, keyed by host. */
  public static final String CURATED = "logs_curated";

  /** Dead letters: {@link RejectedLine}s with the reason. */
  public static final String REJECTED = "logs_rejected";

  /** Final {@link StatusCount} per event-time window and status. */
  public static final String STATUS_COUNTS = "logs_status_counts";

  /** Live (non-final) {@link StatusCount} updates, for dashboards. */
  public static final String STATUS_COUNTS_LIVE = "logs_status_counts_live";

  /**
   * {@link StatusCount}s of events that reached their window after it closed (final + late =
   * curated).
   */
  public static final String STATUS_COUNTS_LATE = "logs_status_counts_late";

  /** Record header ingest sets to name the virtual host of lines that do not carry one. */
  public static final String HEADER_HOST = "host";

  /** Record header ingest sets to the file a line came from. */
  public static final String HEADER_SOURCE = "source";

  private Topics() {}
}
