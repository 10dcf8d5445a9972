package io.logpipe.analytics.partial;

import io.logpipe.lake.AnalyticsNames;
import io.logpipe.lake.HourPartition;
import io.logpipe.lake.LakeNames;
import java.io.ByteArrayOutputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Where the per-hour partials live, {@code <output>/hourly/dt=…/hour=…/}, and their {@code _INPUT}
 * records. A store remembers the records it has read and written: a long-running job (one {@code
 * --watch} per output) then reads each hour's record once, not on every poll.
 */
public final class PartialStore {

  private final String output;
  private final String hourly;
  private final Configuration conf;
  private final Map<HourPartition, HourInput> known = new HashMap<>();

  public PartialStore(String output, Configuration conf) {
    this.output = output;
    this.hourly = LakeNames.under(output, AnalyticsNames.HOURLY);
    this.conf = conf;
  }

  /** The output this store is under. */
  public String output() {
    return output;
  }

  /** The partials table, {@code <output>/hourly}. */
  public String table() {
    return hourly;
  }

  /** One hour's directory of partials. */
  public String hourDir(HourPartition hour) {
    return LakeNames.under(hourly, hour.relativeDir());
  }

  /**
   * What the hour's stored partials were computed from; empty when it has none, its record is
   * unreadable, or its partial file is gone (then it is computed again).
   */
  public Optional<HourInput> input(HourPartition hour) throws IOException {
    HourInput remembered = known.get(hour);
    if (remembered != null) {
      return Optional.of(remembered);
    }
    Optional<HourInput> read = read(hour);
    read.ifPresent(in -> known.put(hour, in));
    return read;
  }

  private Optional<HourInput> read(HourPartition hour) throws IOException {
    Path p = inputPath(hour);
    FileSystem fs = p.getFileSystem(conf);
    boolean hasPartFile = false;
    try {
      for (FileStatus f : fs.listStatus(p.getParent())) {
        hasPartFile |= AnalyticsNames.isPartFile(f.getPath().getName());
      }
    } catch (FileNotFoundException none) {
      return Optional.empty();
    }
    byte[] json;
    try (InputStream in = fs.open(p)) {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      in.transferTo(bytes);
      json = bytes.toByteArray();
    } catch (FileNotFoundException none) {
      return Optional.empty();
    }
    try {
      HourInput input = HourInput.fromJson(json);
      return input.requests() > 0 && !hasPartFile ? Optional.empty() : Optional.of(input);
    } catch (IOException unreadable) {
      return Optional.empty();
    }
  }

  /**
   * Records what the hour's partials, just written, were computed from. An hour without rows gets
   * its directory emptied first, so that no earlier partial stays beside the record.
   */
  public void writeInput(HourPartition hour, HourInput input) throws IOException {
    known.remove(hour);
    Path p = inputPath(hour);
    FileSystem fs = p.getFileSystem(conf);
    if (input.requests() == 0) {
      fs.delete(p.getParent(), true);
    }
    try (OutputStream out = fs.create(p, true)) {
      out.write(input.toJson());
    }
    known.put(hour, input);
  }

  private Path inputPath(HourPartition hour) {
    return new Path(URI.create(LakeNames.under(hourDir(hour), AnalyticsNames.HOURLY_INPUT)));
  }
}
