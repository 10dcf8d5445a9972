package io.logpipe.lake;

import java.util.List;
import java.util.Optional;

/**
 * The entries of one hour directory, sorted by the lake's rules.
 *
 * @param hour the directory
 * @param marker its {@code _SUCCESS} marker, when the hour is complete
 * @param entries every other entry, in listing order
 * @param <P> the caller's path type
 */
public record HourContents<P>(
    HourLocation<P> hour, Optional<LakeEntry<P>> marker, List<LakeEntry<P>> entries) {

  public HourContents {
    entries = List.copyOf(entries);
  }

  /** Whether the hour holds {@code _SUCCESS}. */
  public boolean complete() {
    return marker.isPresent();
  }

  /** Every visible file: what a reader such as Spark takes for data. */
  public List<LakeEntry<P>> visibleFiles() {
    return entries.stream().filter(e -> e.isFile() && !e.hidden()).toList();
  }

  /** The visible Parquet files ({@link LakeNames#isParquetData(String)}): the rows of the hour. */
  public List<LakeEntry<P>> parquetFiles() {
    return entries.stream().filter(e -> e.isFile() && LakeNames.isParquetData(e.name())).toList();
  }

  /** The sink's traces of rows published after {@code _SUCCESS} ({@link LateTrace}). */
  public List<LakeEntry<P>> lateTraces() {
    return entries.stream().filter(e -> e.isFile() && LateTrace.isTrace(e.name())).toList();
  }

  /**
   * Entries that are neither the marker, a late trace nor a visible Parquet file: temp files,
   * checksums, directories...
   */
  public List<LakeEntry<P>> unexpected() {
    return entries.stream()
        .filter(
            e ->
                !(e.isFile() && (LakeNames.isParquetData(e.name()) || LateTrace.isTrace(e.name()))))
        .toList();
  }
}
