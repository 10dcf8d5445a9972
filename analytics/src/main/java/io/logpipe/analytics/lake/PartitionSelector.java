package io.logpipe.analytics.lake;

import io.logpipe.analytics.AnalyticsException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.URI;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Lists the curated lake's {@code dt=/hour=} directories and keeps those of the requested range, so that Spark only
 * ever lists and reads the selected hours (partition pruning by construction).
 *
 * <p>Names starting with {@code _} or {@code .} are the sink's temporary files and markers and are skipped, as Spark
 * and Hive do. Directories whose name is not a partition of the expected layout are reported, not read.
 */
public final class PartitionSelector {

    /** The sink's marker of a complete hour. */
    public static final String SUCCESS_MARKER = "_SUCCESS";

    private final Configuration hadoopConf;

    public PartitionSelector(Configuration hadoopConf) {
        this.hadoopConf = hadoopConf;
    }

    /**
     * Selects the hour partitions under {@code curated} that lie in {@code range} (all of them when empty) and, with
     * {@code completeOnly}, hold a {@code _SUCCESS} marker. Hours with no data file are left out.
     *
     * @throws AnalyticsException when the lake is missing or empty, or nothing matches
     */
    public Selection select(String curated, Optional<HourRange> range, boolean completeOnly) {
        try {
            return doSelect(curated, range, completeOnly);
        } catch (IOException e) {
            throw new AnalyticsException("cannot list the lake at " + curated + ": " + e.getMessage(), e);
        }
    }

    private Selection doSelect(String curated, Optional<HourRange> range, boolean completeOnly) throws IOException {
        Path root = new Path(URI.create(curated));
        FileSystem fs = root.getFileSystem(hadoopConf);
        FileStatus[] days;
        try {
            days = fs.listStatus(root);
        } catch (FileNotFoundException e) {
            throw new AnalyticsException("no lake at " + curated + " (directory does not exist); --lake must be the "
                    + "directory holding curated/dt=YYYY-MM-DD/hour=HH/");
        }
        List<HourPartition> all = new ArrayList<>();
        List<String> unexpected = new ArrayList<>();
        List<LocalDate> allDays = new ArrayList<>();
        for (FileStatus day : days) {
            String name = day.getPath().getName();
            if (isHidden(name) || !day.isDirectory()) {
                continue;
            }
            Optional<LocalDate> dt = parseValue(name, "dt").flatMap(PartitionSelector::parseDay);
            if (dt.isEmpty()) {
                unexpected.add(day.getPath().toString());
                continue;
            }
            allDays.add(dt.get());
            if (range.isPresent() && !range.get().overlapsDay(dt.get())) {
                continue; // pruned without listing the day
            }
            for (FileStatus hourDir : fs.listStatus(day.getPath())) {
                String hourName = hourDir.getPath().getName();
                if (isHidden(hourName) || !hourDir.isDirectory()) {
                    continue;
                }
                Optional<Integer> hour = parseValue(hourName, "hour").flatMap(PartitionSelector::parseHour);
                if (hour.isEmpty()) {
                    unexpected.add(hourDir.getPath().toString());
                    continue;
                }
                all.add(describe(fs, hourDir.getPath(), dt.get(), hour.get()));
            }
        }
        if (all.isEmpty() && range.isEmpty()) {
            throw new AnalyticsException("the lake at " + curated + " has no dt=YYYY-MM-DD/hour=HH partitions"
                    + (unexpected.isEmpty() ? "" : "; unexpected entries: " + unexpected));
        }
        all.sort(null);
        List<HourPartition> selected = new ArrayList<>();
        int skippedIncomplete = 0;
        int skippedEmpty = 0;
        for (HourPartition p : all) {
            if (range.isPresent() && !range.get().contains(p)) {
                continue;
            }
            if (p.dataFiles() == 0) {
                skippedEmpty++;
                continue;
            }
            if (completeOnly && !p.complete()) {
                skippedIncomplete++;
                continue;
            }
            selected.add(p);
        }
        if (selected.isEmpty()) {
            String where = range.map(r -> "between " + r).orElse("in the lake");
            StringBuilder msg = new StringBuilder("no data to analyse " + where + " at " + curated);
            if (skippedIncomplete > 0) {
                msg.append("; ").append(skippedIncomplete).append(" hour(s) without ").append(SUCCESS_MARKER)
                        .append(" were skipped because of --complete-only");
            }
            if (skippedEmpty > 0) {
                msg.append("; ").append(skippedEmpty).append(" hour(s) hold no data file");
            }
            if (!allDays.isEmpty()) {
                allDays.sort(null);
                msg.append("; the lake has days ").append(allDays.get(0)).append(" .. ")
                        .append(allDays.get(allDays.size() - 1));
            }
            throw new AnalyticsException(msg.toString());
        }
        return new Selection(List.copyOf(selected), List.copyOf(unexpected), skippedIncomplete, skippedEmpty);
    }

    private static HourPartition describe(FileSystem fs, Path hourDir, LocalDate dt, int hour) throws IOException {
        boolean complete = false;
        int dataFiles = 0;
        for (FileStatus f : fs.listStatus(hourDir)) {
            String name = f.getPath().getName();
            if (name.equals(SUCCESS_MARKER)) {
                complete = true;
            } else if (f.isFile() && !isHidden(name)) {
                dataFiles++;
            }
        }
        return new HourPartition(dt, hour, hourDir.toString(), complete, dataFiles);
    }

    /** Temporary files, markers and checksums: never data. */
    static boolean isHidden(String name) {
        return name.startsWith("_") || name.startsWith(".");
    }

    private static Optional<String> parseValue(String dirName, String column) {
        String prefix = column + "=";
        return dirName.startsWith(prefix) ? Optional.of(dirName.substring(prefix.length())) : Optional.empty();
    }

    private static Optional<LocalDate> parseDay(String value) {
        try {
            return Optional.of(LocalDate.parse(value));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static Optional<Integer> parseHour(String value) {
        if (!value.matches("\\d{2}")) {
            return Optional.empty();
        }
        int h = Integer.parseInt(value);
        return h <= 23 ? Optional.of(h) : Optional.empty();
    }

    /**
     * The outcome of a selection.
     *
     * @param partitions        the selected hours, in time order, never empty
     * @param unexpected        entries under {@code curated} that are not partitions of the layout (not read)
     * @param skippedIncomplete hours in range left out by {@code --complete-only}
     * @param skippedEmpty      hours in range without any data file
     */
    public record Selection(List<HourPartition> partitions, List<String> unexpected, int skippedIncomplete,
                            int skippedEmpty) {

        /** The selected directories, for Spark's reader. */
        public String[] paths() {
            return partitions.stream().map(HourPartition::path).toArray(String[]::new);
        }

        /** The hours actually read: first to last selected partition. */
        public HourRange span() {
            return new HourRange(partitions.get(0).start(), partitions.get(partitions.size() - 1).start());
        }
    }
}
