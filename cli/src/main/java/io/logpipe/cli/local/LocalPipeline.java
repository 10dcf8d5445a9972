package io.logpipe.cli.local;

import io.logpipe.dashboard.DashboardConfig;
import io.logpipe.dashboard.web.DashboardServer;
import io.logpipe.embedded.EmbeddedHdfs;
import io.logpipe.embedded.EmbeddedKafka;
import io.logpipe.ingest.run.IngestRun;
import io.logpipe.ingest.run.IngestSummary;
import io.logpipe.lake.AnalyticsNames;
import io.logpipe.lake.LakeNames;
import io.logpipe.metrics.Monitoring;
import io.logpipe.metrics.StageHealth;
import io.logpipe.processor.config.ProcessorConfig;
import io.logpipe.processor.topology.LogTopology;
import io.logpipe.schemas.RejectReason;
import io.logpipe.schemas.Topics;
import io.logpipe.sink.SinkConfig;
import io.logpipe.sink.iceberg.IcebergTarget;
import io.logpipe.sink.lake.LakeInspector;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import org.apache.hadoop.conf.Configuration;
import org.apache.kafka.clients.admin.Admin;

/**
 * {@code logpipe local}: the whole pipeline on this machine. An in-process KRaft broker, the stream
 * processor and the HDFS sink in this JVM, ingest feeding them, then the Spark job in its own JVM;
 * finally the {@link Reconciliation} of every count between the stages.
 */
public final class LocalPipeline {

  private final LocalOptions options;
  private final LocalMonitoring monitoring;
  private final Monitoring ownMonitoring;
  private final PrintWriter out;
  private final boolean terminal;
  private final CountDownLatch stop = new CountDownLatch(1);
  private volatile IngestRun ingest;
  private final LocalAnalytics analytics = new LocalAnalytics(line -> say("%s", line));
  private volatile URI dashboardUrl;
  private final DrainWaits waits = new DrainWaits(stop);
  private final CountDownLatch keptRunning = new CountDownLatch(1);

  /** A run whose meters and health nobody serves. */
  public LocalPipeline(LocalOptions options, PrintWriter out, boolean terminal) {
    this(options, null, out, terminal);
  }

  /**
   * A run whose stages all put their meters and health on {@code monitoring} (one endpoint for
   * every in-process stage); null for none served.
   */
  public LocalPipeline(
      LocalOptions options, Monitoring monitoring, PrintWriter out, boolean terminal) {
    this.options = options;
    this.ownMonitoring = monitoring == null ? Monitoring.create() : null;
    this.monitoring = new LocalMonitoring(monitoring != null ? monitoring : ownMonitoring);
    this.out = out;
    this.terminal = terminal;
  }

  /** Asks a running pipeline to stop (Ctrl-C): ingest stops, the stages shut down cleanly. */
  public void requestStop() {
    monitoring.phase(LocalMonitoring.Phase.STOPPING);
    stop.countDown();
    IngestRun run = ingest;
    if (run != null) {
      run.stop();
    }
    analytics.stop();
  }

  /** The dashboard's address once it serves (with {@code --dashboard}), else null. */
  public URI dashboardUrl() {
    return dashboardUrl;
  }

  /**
   * Waits until a kept-running pipeline is up again after its run; false when the timeout passed
   * first.
   */
  public boolean awaitKeptRunning(Duration timeout) throws InterruptedException {
    return keptRunning.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  private DashboardServer startDashboard(String bootstrap, URI lake, Configuration hadoopConf)
      throws IOException {
    if (options.dashboardPort() == null) {
      return null;
    }
    DashboardServer page =
        DashboardServer.start(
            DashboardConfig.of(bootstrap, lake)
                .withBind(options.dashboardBind())
                .withPort(options.dashboardPort()),
            hadoopConf);
    dashboardUrl = page.url();
    say("Dashboard: %s (live while the run goes on; kept up after it until Ctrl-C)", dashboardUrl);
    return page;
  }

  private boolean stopping() {
    return stop.getCount() == 0;
  }

  public LocalResult run() throws Exception {
    if (!options.hdfs()) {
      LakeDirectory.prepare(
          options.lakeDir()); // before anything starts: a wrong --lake fails at once
    }
    Path scratch = Files.createTempDirectory("logpipe-local-");
    try (EmbeddedKafka kafka = startKafka(scratch.resolve("kafka"));
        EmbeddedHdfs hdfs =
            options.hdfs() ? EmbeddedHdfs.start(scratch.resolve("hdfs"), true) : null) {
      URI lake;
      Configuration hadoopConf;
      if (hdfs != null) {
        lake = hdfs.uri().resolve("/datalake/logs");
        hadoopConf = hdfs.configuration();
      } else {
        lake = options.lakeDir().toAbsolutePath().normalize().toUri();
        hadoopConf = new Configuration();
      }
      say(
          "Kafka (KRaft, in-process%s) at %s, started in %d ms",
          kafka.size() == 1
              ? ""
              : String.format(
                  ", %d nodes, replication %d, min ISR %d",
                  kafka.size(), kafka.replicationFactor(), kafka.replicationFactor() >= 3 ? 2 : 1),
          kafka.bootstrapServers(),
          kafka.startupTime().toMillis());
      say("Lake: %s", lake);
      kafka.createTopic(Topics.RAW, options.partitions());
      try (StageHealth.Registration broker = monitoring.broker(kafka);
          DashboardServer page = startDashboard(kafka.bootstrapServers(), lake, hadoopConf);
          StageHealth.Registration dashboard = monitoring.dashboard(page)) {
        return runStages(kafka, lake, hadoopConf, scratch);
      }
    } finally {
      LakeDirectory.deleteRecursively(scratch);
      if (ownMonitoring != null) {
        ownMonitoring.close();
      }
    }
  }

  private EmbeddedKafka startKafka(Path dir) {
    return options.brokers() == 1
        ? EmbeddedKafka.start(dir, true, Map.of())
        : EmbeddedKafka.startCluster(options.brokers(), dir, true, Map.of());
  }

  private LocalResult runStages(
      EmbeddedKafka kafka, URI lake, Configuration hadoopConf, Path scratch) throws Exception {
    String bootstrap = kafka.bootstrapServers();
    LocalStageConfigs configs = new LocalStageConfigs(options, bootstrap, lake, scratch);
    IntFunction<ProcessorConfig> processorConfig = configs::processor;
    IntFunction<SinkConfig> sinkConfigs = configs::sink;
    SinkConfig sinkConfig = sinkConfigs.apply(1);

    IngestSummary ingestSummary;
    CuratedTally curated;
    StatusCountTally counts;
    StatusCountTally late;
    Map<RejectReason, Long> rejected;
    long lateEvents;
    int hoursWithData;
    int hoursComplete;
    PartitionOwners processorOwners;
    PartitionOwners sinkOwners;
    try (LocalStages stages =
            LocalStages.start(
                options.processors(),
                processorConfig,
                options.sinks(),
                sinkConfigs,
                hadoopConf,
                monitoring,
                options.format());
        Admin admin = kafka.admin()) {
      ProcessorConfig pc = stages.processorConfig();
      String appId = pc.applicationId();
      String countTopic = LogTopology.countsRepartitionTopic(appId);
      say(
          "%s and %s started; ingesting %s",
          instances("Stream processor", options.processors()),
          instances(options.iceberg() ? "HDFS sink (Iceberg table)" : "HDFS sink", options.sinks()),
          LocalIngest.describe(options));
      ProgressLine progress = new ProgressLine(out, terminal);
      IngestRun run = LocalIngest.start(options, bootstrap);
      StageHealth.Registration ingestStage = monitoring.ingest(run);
      monitoring.phase(LocalMonitoring.Phase.RUNNING);
      ingest = run;
      if (stopping()) {
        run.stop(); // Ctrl-C arrived while the stages were starting
      }
      Thread ingestThread = new Thread(run, "logpipe-local-ingest");
      ingestThread.start();
      Runnable tick =
          () ->
              progress.update(
                  run.isDone() ? "draining" : "ingesting",
                  run.counters().acknowledged(),
                  stages.curated(),
                  stages.rejected(),
                  stages.rowsCommitted());
      while (run.awaitSummary(Duration.ofSeconds(1)) == null) {
        tick.run();
      }
      ingestSummary = run.summary();
      ingestThread.join();
      ingestStage.close();

      // Drained, in two steps within one deadline: the processor has committed every raw line and
      // every count
      // input, then closes so that its last windows' output is committed; then the lake holds every
      // curated event
      // a read_committed reader sees (not the processor's metric, which exactly-once retries can
      // inflate).
      long deadline = System.nanoTime() + options.drainTimeout().toNanos();
      StreamsProgress streamsProgress =
          new StreamsProgress(admin, appId, pc.rawTopic(), countTopic);
      Duration quiet = pc.countFlushInterval().multipliedBy(3);
      boolean processed = waits.until(deadline, tick, () -> streamsProgress.settled(quiet));
      lateEvents = stages.lateEvents();
      processorOwners = stages.processorOwners(admin);
      stages.closeProcessors();
      List<String> outputs =
          List.of(
              pc.curatedTopic(),
              pc.rejectedTopic(),
              pc.statusCountsTopic(),
              pc.statusCountsLateTopic());
      processed =
          processed && waits.until(deadline, tick, () -> OpenTransactions.noneOn(admin, outputs));
      TopicTallies tallies = new TopicTallies(bootstrap);
      curated =
          stopping()
              ? new CuratedTally(pc.windowSize().toMillis(), sinkConfig.zone())
              : tallies.curated(pc.curatedTopic(), pc.windowSize().toMillis(), sinkConfig.zone());
      boolean drained =
          processed
              && waits.until(deadline, tick, () -> stages.rowsCommitted() >= curated.events());
      tick.run();
      progress.finish();
      monitoring.phase(LocalMonitoring.Phase.RECONCILING);
      say("%s", ingestSummary.render());
      if (ingestSummary.exitCode() != 0) {
        say(
            "WARNING: ingest did not deliver every line (%s: %s); the run fails even if what arrived reconciles.",
            ingestSummary.outcome(), ingestSummary.error());
      }
      if (stopping()) {
        // Ctrl-C: the stages close (the sink publishes what it holds) without waiting for the rest.
        say(
            "Interrupted: stopping the sink, the processor and the broker; a partial run is not reconciled.");
        return new LocalResult(null, lake, null, -1, ingestSummary, 0, 0);
      }
      if (!drained) {
        say(
            "WARNING: the stages did not catch up within %s; the reconciliation will show what is missing.",
            options.drainTimeout());
      }

      rejected = tallies.rejected(pc.rejectedTopic());
      counts = tallies.statusCounts(pc.statusCountsTopic());
      late = tallies.statusCounts(pc.statusCountsLateTopic());

      hoursWithData = curated.perHour().size();
      if (options.iceberg()) {
        try (IcebergLakeTally table = new IcebergLakeTally(lake, hadoopConf)) {
          hoursComplete = waits.completeTableHours(table, curated, options.drainTimeout(), tick);
        }
      } else {
        hoursComplete =
            waits.completeHours(lake, hadoopConf, curated, options.drainTimeout(), tick);
      }
      sinkOwners = stages.sinkOwners(admin, sinkConfig.groupId());
      progress.finish();
      say(
          "Hours with data: %d, complete (%s): %d%s",
          hoursWithData,
          options.iceberg() ? "marked in the table" : "_SUCCESS",
          hoursComplete,
          hoursComplete < hoursWithData
              ? " (the last hour completes once the sink has been idle until its end"
                  + " plus the allowed lateness)"
              : "");
    }

    long lakeRows;
    if (options.iceberg()) {
      try (IcebergLakeTally table = new IcebergLakeTally(lake, hadoopConf)) {
        lakeRows = table.rows();
      }
    } else {
      try (LakeInspector inspector = LakeInspector.open(lake, hadoopConf)) {
        lakeRows = inspector.countCommittedRows();
      }
    }

    URI analyticsOutput = URI.create(LakeNames.under(lake.toString(), LakeNames.ANALYTICS));
    LocalAnalytics.Outcome analyticsOutcome = LocalAnalytics.Outcome.of(LocalAnalytics.NOT_RUN);
    if (curated.events() == 0) {
      // The lake is fine, the input is not: say so instead of letting analytics blame the lake.
      String nothing = Reconciliation.nothingCurated(ingestSummary.acknowledged(), rejected);
      if (options.runAnalytics()) {
        say("ERROR: %s; analytics not run.", nothing);
        analyticsOutcome = LocalAnalytics.Outcome.of(LocalAnalytics.NOTHING_CURATED);
      } else {
        say("WARNING: %s.", nothing);
      }
    } else if (options.runAnalytics() && !stopping()) {
      monitoring.phase(LocalMonitoring.Phase.ANALYTICS);
      analyticsOutcome =
          analytics.run(
              lake,
              sinkConfig.zone(),
              analyticsOutput,
              hadoopConf,
              options.iceberg() ? List.of("--table", IcebergTarget.DEFAULT_TABLE) : List.of());
      if (stopping()) {
        say("Interrupted during analytics; the pipeline itself had drained.");
        return new LocalResult(
            null,
            lake,
            analyticsOutput,
            analyticsOutcome.exitCode(),
            ingestSummary,
            hoursWithData,
            hoursComplete);
      }
    }
    int analyticsExit = analyticsOutcome.exitCode();

    Reconciliation reconciliation =
        Reconciliation.of(
            new Reconciliation.Inputs(
                ingestSummary.acknowledged(),
                curated,
                rejected,
                counts,
                late,
                lateEvents,
                lakeRows,
                analyticsOutcome.requests(),
                analyticsOutcome.perHour()));
    reconciliation.print(out);
    say("");
    say("Partitions owned at the end of the run (consumer groups, as Kafka assigned them):");
    processorOwners.lines().forEach(line -> say("%s", line));
    sinkOwners.lines().forEach(line -> say("%s", line));
    say("");
    say(
        options.iceberg() ? "Lake (Iceberg table):        %s" : "Lake (Parquet, dt=/hour=):   %s",
        LakeNames.under(lake.toString(), LakeNames.CURATED));
    if (analyticsExit == 0) {
      say(
          "Analytics tables:            %s/{top_paths,kpi_by_hour,kpi_by_host,top_paths_csv}",
          analyticsOutput);
      say(
          "HTML report:                 %s",
          LakeNames.under(analyticsOutput.toString(), AnalyticsNames.REPORT));
    }
    if (options.keepRunning() && !stopping()) {
      try (KeptPipeline kept =
          KeptPipeline.start(
              bootstrap,
              options.processors(),
              processorConfig,
              options.sinks(),
              sinkConfigs,
              hadoopConf,
              monitoring,
              line -> say("%s", line))) {
        monitoring.phase(LocalMonitoring.Phase.KEPT_RUNNING);
        say(
            "Kafka broker still up at %s (topics %s, %s, %s, %s). Ctrl-C to stop.",
            kafka.bootstrapServers(),
            Topics.RAW,
            Topics.CURATED,
            Topics.REJECTED,
            Topics.STATUS_COUNTS);
        if (dashboardUrl != null) {
          say("Dashboard: %s", dashboardUrl);
        }
        keptRunning.countDown();
        stop.await();
      }
    }
    return new LocalResult(
        reconciliation,
        lake,
        analyticsOutput,
        analyticsExit,
        ingestSummary,
        hoursWithData,
        hoursComplete);
  }

  private static String instances(String stage, int count) {
    return count == 1 ? stage : count + " " + stage + " instances";
  }

  private void say(String format, Object... args) {
    out.println(String.format(format, args));
    out.flush();
  }
}
