package io.logpipe.ingest.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class JsonHostFieldTest {

  private static String find(String line) {
    return JsonHostField.find(line.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void findsTheHostOfJsonLinesOnly() {
    assertThat(find("{\"ts\":\"x\",\"host\":\"api.myapp.com\",\"status\":200}"))
        .isEqualTo("api.myapp.com");
    assertThat(find("{\"host\": \"spaced.example\"}")).isEqualTo("spaced.example");
    assertThat(find("1.2.3.4 - - [17/May/2015:10:05:03 +0000] \"GET / HTTP/1.1\" 200 1")).isNull();
    assertThat(find("{\"host\":42}")).isNull();
    assertThat(find("{\"host\":\"esc\\\"aped\"}")).isNull();
    assertThat(find("{\"ts\":\"x\"}")).isNull();
    assertThat(find("")).isNull();
  }
}
