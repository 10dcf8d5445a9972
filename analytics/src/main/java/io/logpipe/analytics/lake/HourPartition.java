package io.logpipe.analytics.lake;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Comparator;

/**
 * One hour directory of the curated lake, {@code <lake>/curated/dt=YYYY-MM-DD/hour=HH}.
 *
 * @param dt       the event-time day
 * @param hour     the event-time hour, 0 to 23
 * @param path     the directory's fully qualified URI
 * @param complete  whether the directory holds the sink's {@code _SUCCESS} marker
 * @param dataFiles number of data files in it (temporary files and markers excluded)
 */
public record HourPartition(LocalDate dt, int hour, String path, boolean complete, int dataFiles) implements Comparable<HourPartition> {

    private static final Comparator<HourPartition> ORDER =
            Comparator.comparing(HourPartition::dt).thenComparingInt(HourPartition::hour);

    /** The partition's {@code dt} value as written in its directory name. */
    public String dtValue() {
        return dt.toString();
    }

    /** The partition's {@code hour} value as written in its directory name (two digits). */
    public String hourValue() {
        return String.format("%02d", hour);
    }

    /** First instant of the hour (in the lake's partitioning time zone). */
    public LocalDateTime start() {
        return dt.atTime(hour, 0);
    }

    @Override
    public int compareTo(HourPartition o) {
        return ORDER.compare(this, o);
    }
}
