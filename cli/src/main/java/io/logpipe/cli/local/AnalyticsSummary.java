package io.logpipe.cli.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.logpipe.lake.AnalyticsNames;
import io.logpipe.lake.LakeNames;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * What the analytics job says it read, from its {@code summary.json}: the totals the reconciliation
 * compares with the lake.
 *
 * @param requests rows read
 * @param perHour rows read per {@code YYYY-MM-DD/HH} partition
 */
record AnalyticsSummary(long requests, Map<String, Long> perHour) {

  static AnalyticsSummary read(URI output, Configuration conf) throws IOException {
    Path file = new Path(LakeNames.under(output.toString(), AnalyticsNames.SUMMARY));
    JsonNode summary;
    try (FileSystem fs = FileSystem.newInstance(output, conf);
        InputStream in = fs.open(file)) {
      summary = new ObjectMapper().readTree(in);
    }
    Map<String, Long> perHour = new TreeMap<>();
    for (JsonNode p : summary.path("partitions")) {
      perHour.put(
          p.path("dt").asText() + "/" + p.path("hour").asText(), p.path("requests").asLong());
    }
    return new AnalyticsSummary(summary.path("total_requests").asLong(), perHour);
  }
}
