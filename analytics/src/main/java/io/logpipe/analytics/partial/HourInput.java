package io.logpipe.analytics.partial;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * What an hour's partials were computed from, stored beside them as {@code _INPUT} (JSON): the
 * curated hour's data files (name and length) and the sink's late traces at the time, and the rows
 * read. Partials are up to date while the hour's current {@link Source} equals the recorded one: a
 * late trace or any other added, removed or rewritten file makes them stale.
 *
 * @param version format version, {@value #VERSION}
 * @param requests rows the partials hold
 * @param source the files they were computed from
 */
public record HourInput(
    @JsonProperty("version") int version,
    @JsonProperty("requests") long requests,
    @JsonProperty("source") Source source) {

  public static final int VERSION = 1;

  private static final ObjectMapper JSON = new ObjectMapper();

  public HourInput(long requests, Source source) {
    this(VERSION, requests, source);
  }

  /**
   * The files of a curated hour that its partials depend on.
   *
   * @param files the visible data files, by name
   * @param lateTraces the names of the sink's late traces ({@code _LATE+…}), sorted
   */
  public record Source(
      @JsonProperty("files") List<DataFile> files,
      @JsonProperty("late_traces") List<String> lateTraces) {

    public Source {
      files = files.stream().sorted((a, b) -> a.name().compareTo(b.name())).toList();
      lateTraces = lateTraces.stream().sorted().toList();
    }
  }

  /**
   * One data file.
   *
   * @param name its name in the hour directory
   * @param length its length in bytes
   */
  public record DataFile(@JsonProperty("name") String name, @JsonProperty("length") long length) {}

  /** The JSON text. */
  public byte[] toJson() {
    try {
      return JSON.writeValueAsBytes(this);
    } catch (IOException e) {
      throw new IllegalStateException("cannot serialise " + this, e);
    }
  }

  /**
   * Parses {@link #toJson()}'s text.
   *
   * @throws IOException when it is not one (then the partials count as missing)
   */
  public static HourInput fromJson(byte[] json) throws IOException {
    HourInput in = JSON.readValue(json, HourInput.class);
    if (in.version() != VERSION || in.source() == null) {
      throw new IOException(
          "not a version " + VERSION + " record: " + new String(json, StandardCharsets.UTF_8));
    }
    return in;
  }
}
