package io.logpipe.cli.local;

import io.logpipe.processor.topology.StatusCountKey;
import io.logpipe.schemas.RejectReason;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The end-of-run proof that nothing was lost or duplicated between the stages:
 *
 * <ol>
 *   <li>lines in = curated + rejected;
 *   <li>no raw line curated twice (lineage);
 *   <li>curated = rows in the lake;
 *   <li>sum of final status counts = curated events in closed windows − events too late for their
 *       window, and the same for every window and status;
 *   <li>exactly one final record per window and status;
 *   <li>analytics total requests = rows in the lake, and per hour = curated per hour.
 * </ol>
 *
 * <p>Events too late for their window are read from the processor's late-counts topic, written in
 * the same transactions as the final counts, rather than from its late-event metric, which
 * exactly-once retries can inflate.
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
  private long lateCounted;
  private long lateMetric;

  private Reconciliation(
      Map<RejectReason, Long> rejectedByReason,
      Map<String, Long> curatedPerHour,
      Map<String, Long> analyticsPerHour) {
    this.rejectedByReason = rejectedByReason;
    this.curatedPerHour = curatedPerHour;
    this.analyticsPerHour = analyticsPerHour;
  }

  /**
   * Inputs gathered at the end of a run. {@code analyticsPerHour} may be null when analytics did
   * not run.
   */
  record Inputs(
      long linesIn,
      CuratedTally curated,
      Map<RejectReason, Long> rejected,
      StatusCountTally counts,
      StatusCountTally late,
      long lateMetric,
      long lakeRows,
      Long analyticsRequests,
      Map<String, Long> analyticsPerHour) {}

  static Reconciliation of(Inputs in) {
    Map<RejectReason, Long> rejected = new EnumMap<>(RejectReason.class);
    rejected.putAll(in.rejected());
    long rejectedTotal = rejected.values().stream().mapToLong(Long::longValue).sum();
    Reconciliation r = new Reconciliation(rejected, in.curated().perHour(), in.analyticsPerHour());
    r.lateMetric = in.lateMetric();

    r.checks.add(
        new Check(
            "lines in = curated + rejected", in.linesIn(), in.curated().events() + rejectedTotal));
    r.checks.add(new Check("raw lines curated twice", 0, in.curated().duplicateLineage()));
    r.checks.add(new Check("curated = rows in lake", in.curated().events(), in.lakeRows()));

    r.addWindowChecks(in);
    r.checks.add(
        new Check("repeated final records per window and status", 0, in.counts().repeated()));
    r.checks.add(
        new Check("records on the final-counts topic not marked final", 0, in.counts().notFinal()));
    if (in.analyticsRequests() != null) {
      r.checks.add(
          new Check("analytics requests = rows in lake", in.lakeRows(), in.analyticsRequests()));
      long hoursDiffering =
          in.curated().perHour().entrySet().stream()
                  .filter(
                      e -> !e.getValue().equals(in.analyticsPerHour().getOrDefault(e.getKey(), 0L)))
                  .count()
              + in.analyticsPerHour().keySet().stream()
                  .filter(h -> !in.curated().perHour().containsKey(h))
                  .count();
      r.checks.add(
          new Check("hours where analytics requests != curated events", 0, hoursDiffering));
    }
    return r;
  }

  /**
   * Final counts against the curated events: for a window and status with a final record, final +
   * late = curated; for one without (still open, or every event late), late never exceeds curated.
   */
  private void addWindowChecks(Inputs in) {
    Map<StatusCountKey, Long> finals = in.counts().finals();
    Map<StatusCountKey, Long> late = in.late().sums();
    Map<StatusCountKey, Long> curated = in.curated().perWindowStatus();
    long closedCurated = 0;
    long closedLate = 0;
    long differing = 0;
    for (var e : finals.entrySet()) {
      long c = curated.getOrDefault(e.getKey(), 0L);
      long l = late.getOrDefault(e.getKey(), 0L);
      closedCurated += c;
      closedLate += l;
      if (e.getValue() + l != c) {
        differing++;
      }
    }
    for (var e : late.entrySet()) {
      if (!finals.containsKey(e.getKey()) && e.getValue() > curated.getOrDefault(e.getKey(), 0L)) {
        differing++;
      }
    }
    lateCounted = late.values().stream().mapToLong(Long::longValue).sum();
    checks.add(
        new Check(
            "sum of final counts = curated in closed windows - too late",
            closedCurated - closedLate,
            in.counts().sum()));
    checks.add(new Check("windows whose final + late count != curated events", 0, differing));
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
      out.printf(
          "  %-60s %12s %12s  %s%n",
          c.name(),
          String.format("%,d", c.expected()),
          String.format("%,d", c.actual()),
          c.ok() ? "ok" : "MISMATCH");
    }
    if (!rejectedByReason.isEmpty()) {
      out.println("  rejected by reason:");
      rejectedByReason.forEach((reason, n) -> out.printf("    %-24s %,12d%n", reason, n));
    }
    out.printf(
        "  events too late for their window: %,d (late-counts topic); the processor's metric says %,d%n",
        lateCounted, lateMetric);
    out.println(
        ok()
            ? "  RECONCILED: every line is accounted for."
            : "  NOT RECONCILED: see MISMATCH lines above.");
    out.flush();
  }

  /**
   * {@code nothing was curated: 1,000 lines, all rejected as UNKNOWN_FORMAT}, naming every reason
   * seen.
   */
  static String nothingCurated(long linesIn, Map<RejectReason, Long> rejected) {
    if (linesIn == 0) {
      return "nothing was curated: the input had no lines";
    }
    String reasons =
        rejected.entrySet().stream()
            .filter(e -> e.getValue() > 0)
            .sorted(Map.Entry.<RejectReason, Long>comparingByValue().reversed())
            .map(
                e ->
                    rejected.size() == 1
                        ? e.getKey().name()
                        : String.format("%s (%,d)", e.getKey(), e.getValue()))
            .collect(java.util.stream.Collectors.joining(", "));
    return String.format("nothing was curated: %,d lines, all rejected as %s", linesIn, reasons);
  }
}
