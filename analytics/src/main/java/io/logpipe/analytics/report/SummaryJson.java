package io.logpipe.analytics.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.logpipe.lake.AnalyticsNames;
import java.io.IOException;

/** Serialises {@link RunSummary} as a small, pretty-printed JSON object with snake_case keys. */
public final class SummaryJson {

  /** File name under the output directory. */
  public static final String FILE_NAME = AnalyticsNames.SUMMARY;

  private static final ObjectMapper MAPPER =
      new ObjectMapper()
          .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .setSerializationInclusion(JsonInclude.Include.ALWAYS)
          .enable(SerializationFeature.INDENT_OUTPUT);

  private SummaryJson() {}

  /** The JSON text of a summary. */
  public static String toJson(RunSummary summary) {
    try {
      return MAPPER.writeValueAsString(summary) + "\n";
    } catch (IOException e) {
      throw new IllegalStateException("cannot serialise the run summary", e);
    }
  }
}
