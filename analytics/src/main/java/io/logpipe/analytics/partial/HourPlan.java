package io.logpipe.analytics.partial;

import io.logpipe.analytics.lake.HourDirectory;
import io.logpipe.lake.HourPartition;
import io.logpipe.lake.LakeNames;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which selected hours need their partials computed, and why: none stored yet, late rows since (the
 * sink's late traces), other changed files, or asked for by {@code --hour}. The others are up to
 * date and their stored row counts are known.
 *
 * @param work the hours to compute, in time order
 * @param storedRequests rows of each up-to-date hour, from its {@code _INPUT} record
 */
public record HourPlan(List<Work> work, Map<HourPartition, Long> storedRequests) {

  /**
   * One hour to compute.
   *
   * @param hour the curated hour as listed
   * @param reason why, for the log
   */
  public record Work(HourDirectory hour, String reason) {}

  /**
   * Compares every selected hour's current files with what its stored partials were computed from.
   *
   * @param forced an hour computed whatever its partials ({@code --hour})
   */
  public static HourPlan of(
      List<HourDirectory> selected, PartialStore store, Optional<HourPartition> forced)
      throws IOException {
    List<Work> work = new ArrayList<>();
    Map<HourPartition, Long> stored = new HashMap<>();
    for (HourDirectory h : selected) {
      Optional<HourInput> input = store.input(h.partition());
      String reason = reason(h, input, forced);
      if (reason == null) {
        stored.put(h.partition(), input.get().requests());
      } else {
        work.add(new Work(h, reason));
      }
    }
    return new HourPlan(List.copyOf(work), Map.copyOf(stored));
  }

  private static String reason(
      HourDirectory h, Optional<HourInput> input, Optional<HourPartition> forced) {
    if (forced.isPresent() && forced.get().equals(h.partition())) {
      return "--hour";
    }
    if (input.isEmpty()) {
      return h.complete() ? "new " + LakeNames.SUCCESS : "no partials yet";
    }
    HourInput.Source before = input.get().source();
    if (before.equals(h.source())) {
      return null;
    }
    Set<String> newTraces = new HashSet<>(h.source().lateTraces());
    newTraces.removeAll(before.lateTraces());
    if (!newTraces.isEmpty()) {
      return "late rows: " + newTraces.size() + " file(s) published after _SUCCESS";
    }
    return "files changed since its partials";
  }

  /** Rows of the up-to-date hours. */
  public long storedTotal() {
    return storedRequests.values().stream().mapToLong(Long::longValue).sum();
  }
}
