package io.logpipe.cli.local;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Settings of one {@code logpipe local} run.
 *
 * @param events generated events (ignored with {@code inputs}); null with {@code duration}
 * @param duration generate for this long instead of a count; null with {@code events}
 * @param rate events per second sent by the generator; 0 for as fast as possible
 * @param seed generator seed (same seed, same lines)
 * @param start event time of the first generated event
 * @param span event-time span the generated events are spread over
 * @param lateFraction share of generated events delayed past their neighbours
 * @param invalidFraction share of generated lines that are malformed
 * @param inputs real log files to ingest instead of the generator; empty for the generator
 * @param host virtual host of the input files' lines (combined format names none)
 * @param lakeDir local lake directory (also the scratch area's parent)
 * @param hdfs write the lake into an in-process HDFS instead of {@code lakeDir}
 * @param partitions partitions of every topic
 * @param brokers KRaft nodes of the in-process Kafka cluster (3: replication 3, min ISR 2)
 * @param processors stream-processor instances in this JVM, sharing the partitions
 * @param sinks HDFS-sink instances in this JVM, sharing the partitions
 * @param runAnalytics run the Spark job after the pipeline drained
 * @param keepRunning leave the broker and the stages up at the end until Ctrl-C
 * @param dashboardPort port of the dashboard served beside the run (0: a free one); null for no
 *     dashboard
 * @param dashboardBind address the dashboard listens on
 * @param drainTimeout how long to wait for the stages to catch up once ingest has finished
 * @param format how the sink stores curated events: hourly Parquet files or the Iceberg table
 */
public record LocalOptions(
    Long events,
    Duration duration,
    double rate,
    long seed,
    Instant start,
    Duration span,
    double lateFraction,
    double invalidFraction,
    List<Path> inputs,
    String host,
    Path lakeDir,
    boolean hdfs,
    int partitions,
    int brokers,
    int processors,
    int sinks,
    boolean runAnalytics,
    boolean keepRunning,
    Integer dashboardPort,
    String dashboardBind,
    Duration drainTimeout,
    LakeFormat format) {

  public LocalOptions {
    inputs = List.copyOf(inputs);
    java.util.Objects.requireNonNull(format, "format");
  }

  boolean iceberg() {
    return format == LakeFormat.ICEBERG;
  }

  boolean usesGenerator() {
    return inputs.isEmpty();
  }
}
