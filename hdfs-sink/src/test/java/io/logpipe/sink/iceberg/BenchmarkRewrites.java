package io.logpipe.sink.iceberg;

import io.logpipe.lake.HourPartition;
import java.io.IOException;
import org.apache.iceberg.Table;

/** The benchmark's way to the package's rewrite, to time it apart from the sink's ingest. */
public final class BenchmarkRewrites {

  private BenchmarkRewrites() {}

  /** Rewrites {@code hour} as the sink does after marking it; the number of files replaced. */
  public static int rewrite(Table table, HourPartition hour) throws IOException {
    return new HourRewrite(table).rewrite(hour);
  }
}
