package io.logpipe.cli.local;

import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.logpipe.schemas.RejectReason;
import org.apache.kafka.common.utils.Utils;

/**
 * The end-of-run proof that nothing was lost or duplicated between the stages:
 * <ol>
 *   <li>lines in = curated + rejected;</li>
 *   <li>no raw line curated twice (lineage);</li>
 *   <li>curated = rows in the lake;</li>
 *   <li>sum of final status counts = curated events in closed windows − events too late for their window, and
 *       the same per window and status (exact with one raw partition, a bound with several);</li>
 *   <li>exactly one final record per window and status;</li>
 *   <li>analytics total requests = rows in the lake, and per hour = curated per hour.</li>
 * </ol>
 *
 * <p>A window closes per Kafka Streams task: the counting task of a status is the partition of the status key
 * in the repartition topic, and its stream time is the latest event time it saw. This class recomputes that
 * from the curated events rather than trusting the processor's late-event metric, which exactly-once retries
 * can inflate.
 */
public final class Reconciliation {

  /** One line of the reconciliation. */
  public record Check(String name, long expected, long actual) {
    public boolean ok() {
      return expected == actual;
    }
  }

  private final List<Check> checks = new ArrayList<>();
  private final Map<RejectReason, Long> rejectedByReason;
  private final Map<String, Long> curatedPerHour;
  private final Map<String, Long> analyticsPerHour;
  private Long lateReplayed;
  private long lateMetric;

  private Reconciliation(Map<RejectReason, Long> rejectedByReason, Map<String, Long> curatedPerHour,
      Map<String, Long> analyticsPerHour) {
    this.rejectedByReason = rejectedByReason;
    this.curatedPerHour = curatedPerHour;
    this.analyticsPerHour = analyticsPerHour;
  }

  /** Inputs gathered at the end of a run. {@code analyticsPerHour} may be null when analytics did not run. */
  record Inputs(long linesIn, CuratedTally curated, Map<RejectReason, Long> rejected, StatusCountTally counts,
      long lateEvents, long windowMs, long graceMs, int countPartitions, long lakeRows,
      Long analyticsRequests, Map<String, Long> analyticsPerHour) {}

  static Reconciliation of(Inputs in) {
    Map<RejectReason, Long> rejected = new EnumMap<>(RejectReason.class);
    rejected.putAll(in.rejected());
    long rejectedTotal = rejected.values().stream().mapToLong(Long::longValue).sum();
    Reconciliation r = new Reconciliation(rejected, in.curated().perHour(), in.analyticsPerHour());
    r.lateMetric = in.lateEvents();

    r.checks.add(new Check("lines in = curated + rejected", in.linesIn(), in.curated().events() + rejectedTotal));
    r.checks.add(new Check("raw lines curated twice", 0, in.curated().duplicateLineage()));
    r.checks.add(new Check("curated = rows in lake", in.curated().events(), in.lakeRows()));

    r.addWindowChecks(in);
    if (in.analyticsRequests() != null) {
      r.checks.add(new Check("analytics requests = rows in lake", in.lakeRows(), in.analyticsRequests()));
      long hoursDiffering = in.curated().perHour().entrySet().stream()
          .filter(e -> !e.getValue().equals(in.analyticsPerHour().getOrDefault(e.getKey(), 0L)))
          .count()
          + in.analyticsPerHour().keySet().stream().filter(h -> !in.curated().perHour().containsKey(h)).count();
      r.checks.add(new Check("hours where analytics requests != curated events", 0, hoursDiffering));
    }
    return r;
  }

  /**
   * Final counts against the curated events. A (window, status) pair is closed once its counting task's
   * stream time (the latest event time that task saw) has passed the window end plus grace. With one raw
   * partition the order in which that task saw the events is the raw order, so the events it dropped as too
   * late are replayed exactly and every closed pair's count is checked. With several raw partitions that order
   * depends on scheduling, so only the bound (no final count above its curated events) is checked.
   */
  private void addWindowChecks(Inputs in) {
    Map<Integer, Long> streamTime = new HashMap<>();
    for (var e : in.curated().maxTsPerStatus().entrySet()) {
      streamTime.merge(countPartition(e.getKey(), in.countPartitions()), e.getValue(), Math::max);
    }
    Map<CuratedTally.WindowStatus, Long> finals = in.counts().finals();
    if (in.curated().rawOrder().size() <= 1) {
      Map<CuratedTally.WindowStatus, Long> tooLate = replayTooLate(in);
      long expectedSum = 0;
      long differing = 0;
      for (var e : in.curated().perWindowStatus().entrySet()) {
        CuratedTally.WindowStatus pair = e.getKey();
        long windowEnd = pair.windowStartMs() + in.windowMs();
        boolean closed = windowEnd <= streamTime.get(countPartition(pair.status(), in.countPartitions())) - in.graceMs();
        long expected = closed ? e.getValue() - tooLate.getOrDefault(pair, 0L) : 0;
        expectedSum += expected;
        if (expected != finals.getOrDefault(pair, 0L)) {
          differing++;
        }
      }
      differing += finals.keySet().stream().filter(k -> !in.curated().perWindowStatus().containsKey(k)).count();
      lateReplayed = tooLate.values().stream().mapToLong(Long::longValue).sum();
      checks.add(new Check("sum of final counts = curated in closed windows - too late", expectedSum, in.counts().sum()));
      checks.add(new Check("windows whose final count != curated events - too late", 0, differing));
    } else {
      long above = finals.entrySet().stream()
          .filter(e -> e.getValue() > in.curated().perWindowStatus().getOrDefault(e.getKey(), 0L))
          .count();
      checks.add(new Check("windows whose final count > curated events (exact check needs 1 partition)", 0, above));
    }
  }

  /** Replays the single raw partition in offset order through each counting task's drop rule. */
  private static Map<CuratedTally.WindowStatus, Long> replayTooLate(Inputs in) {
    Map<CuratedTally.WindowStatus, Long> tooLate = new HashMap<>();
    Map<Integer, Long> taskTime = new HashMap<>();
    for (RawOrder order : in.curated().rawOrder().values()) {
      for (int offset = 0; offset < order.size(); offset++) {
        int status = order.status(offset);
        if (status == 0) {
          continue;
        }
        long ts = order.tsMs(offset);
        long time = taskTime.merge(countPartition(status, in.countPartitions()), ts, Math::max);
        long windowStart = ts - Math.floorMod(ts, in.windowMs());
        if (windowStart + in.windowMs() <= time - in.graceMs()) {
          tooLate.merge(new CuratedTally.WindowStatus(windowStart, status), 1L, Long::sum);
        }
      }
    }
    return tooLate;
  }

  /** The partition Kafka Streams' default partitioner gives an Integer key (the status) in the repartition topic. */
  static int countPartition(int status, int partitions) {
    byte[] key = ByteBuffer.allocate(Integer.BYTES).putInt(status).array();
    return Utils.toPositive(Utils.murmur2(key)) % partitions;
  }

  public List<Check> checks() {
    return List.copyOf(checks);
  }

  public boolean ok() {
    return checks.stream().allMatch(Check::ok);
  }

  public Map<RejectReason, Long> rejectedByReason() {
    return rejectedByReason;
  }

  public Map<String, Long> curatedPerHour() {
    return curatedPerHour;
  }

  public Map<String, Long> analyticsPerHour() {
    return analyticsPerHour;
  }

  /** Prints the reconciliation as an aligned table with a verdict line. */
  public void print(PrintWriter out) {
    out.println();
    out.println("Reconciliation");
    for (Check c : checks) {
      out.printf("  %-60s %12s %12s  %s%n", c.name(), String.format("%,d", c.expected()),
          String.format("%,d", c.actual()), c.ok() ? "ok" : "MISMATCH");
    }
    if (!rejectedByReason.isEmpty()) {
      out.println("  rejected by reason:");
      rejectedByReason.forEach((reason, n) -> out.printf("    %-24s %,12d%n", reason, n));
    }
    out.printf("  events too late for their window: %s by replay, %,d by the processor's metric%s%n",
        lateReplayed == null ? "n/a" : String.format("%,d", lateReplayed), lateMetric,
        "  (the metric is not transactional: exactly-once retries can count an event twice)");
    out.println(ok() ? "  RECONCILED: every line is accounted for." : "  NOT RECONCILED: see MISMATCH lines above.");
    out.flush();
  }
}
