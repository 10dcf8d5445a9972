package io.logpipe.lake;

import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Walks the {@code dt=YYYY-MM-DD/hour=HH} directories of a table ({@code <lake>/curated}, or an
 * analytics table partitioned by hour) through the caller's {@link LakeLister}. Hidden entries
 * ({@link LakeNames#isHidden}) and files beside the partitions are skipped; visible directories
 * with other names are reported, not walked.
 *
 * @param <P> the caller's path type
 */
public final class HourWalker<P> {

  private final LakeLister<P> lister;

  public HourWalker(LakeLister<P> lister) {
    this.lister = lister;
  }

  /** Every hour directory of the table at {@code root}; empty when there is no table there. */
  public Optional<HourScan<P>> scan(P root) throws IOException {
    return scan(root, day -> true);
  }

  /**
   * The hour directories of the days {@code listDay} accepts (the others are not listed: pruning by
   * day costs no listing); empty when there is no table at {@code root}.
   */
  public Optional<HourScan<P>> scan(P root, Predicate<LocalDate> listDay) throws IOException {
    Optional<List<LakeEntry<P>>> dayDirs = lister.list(root);
    if (dayDirs.isEmpty()) {
      return Optional.empty();
    }
    List<HourLocation<P>> hours = new ArrayList<>();
    List<LocalDate> days = new ArrayList<>();
    List<P> unexpected = new ArrayList<>();
    for (LakeEntry<P> dayDir : dayDirs.get()) {
      if (dayDir.hidden() || dayDir.isFile()) {
        continue;
      }
      Optional<LocalDate> day = HourPartition.parseDayDirName(dayDir.name());
      if (day.isEmpty()) {
        unexpected.add(dayDir.path());
        continue;
      }
      days.add(day.get());
      if (listDay.test(day.get())) {
        addHours(dayDir, day.get(), hours, unexpected);
      }
    }
    hours.sort(null);
    days.sort(null);
    return Optional.of(new HourScan<>(hours, days, unexpected));
  }

  /**
   * Every hour directory of the table at {@code root}, in time order; none when there is no table
   * there.
   */
  public List<HourLocation<P>> hours(P root) throws IOException {
    return scan(root).map(HourScan::hours).orElse(List.of());
  }

  /** Lists one hour directory; one removed meanwhile has no entries. */
  public HourContents<P> contents(HourLocation<P> hour) throws IOException {
    LakeEntry<P> marker = null;
    List<LakeEntry<P>> entries = new ArrayList<>();
    for (LakeEntry<P> e : lister.list(hour.path()).orElse(List.of())) {
      if (e.name().equals(LakeNames.SUCCESS)) {
        marker = e;
      } else {
        entries.add(e);
      }
    }
    return new HourContents<>(hour, Optional.ofNullable(marker), entries);
  }

  private void addHours(
      LakeEntry<P> dayDir, LocalDate day, List<HourLocation<P>> hours, List<P> unexpected)
      throws IOException {
    for (LakeEntry<P> hourDir : lister.list(dayDir.path()).orElse(List.of())) {
      if (hourDir.hidden() || hourDir.isFile()) {
        continue;
      }
      Optional<Integer> hour = HourPartition.parseHourDirName(hourDir.name());
      if (hour.isEmpty()) {
        unexpected.add(hourDir.path());
      } else {
        hours.add(new HourLocation<>(new HourPartition(day, hour.get()), hourDir.path()));
      }
    }
  }
}
