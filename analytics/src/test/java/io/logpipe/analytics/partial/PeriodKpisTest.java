package io.logpipe.analytics.partial;

import static org.assertj.core.api.Assertions.assertThat;

import io.logpipe.analytics.kpi.Table;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/**
 * Tables merged from per-hour partials (through their stored row form, as the job reads them back)
 * equal a computation over all raw rows at once: top paths, per-host distinct IPs across hours, and
 * exact percentiles.
 */
class PeriodKpisTest {

  private record Event(
      String hour, String host, String path, int status, long bytes, Long rt, String ip) {}

  @Test
  void periodTablesFromPartialsEqualAComputationOverTheRawRows() {
    Random random = new Random(11);
    List<Event> events = new ArrayList<>();
    String[] hosts = {"a.example", "b.example", "c.example"};
    for (int h = 0; h < 6; h++) {
      for (int i = 0; i < 400; i++) {
        events.add(
            new Event(
                String.format("%02d", h),
                hosts[random.nextInt(3)],
                "/p" + (int) Math.floor(-Math.log(1 - random.nextDouble()) * 4),
                new int[] {200, 200, 301, 404, 503, 101}[random.nextInt(6)],
                random.nextInt(5_000),
                random.nextInt(3) == 0 ? null : (long) random.nextInt(300),
                "10.0." + random.nextInt(3) + "." + random.nextInt(30 + 10 * h)));
      }
    }
    PeriodKpis kpis = new PeriodKpis();
    Map<String, List<Event>> eventsByHour =
        events.stream().collect(Collectors.groupingBy(Event::hour));
    for (Map.Entry<String, List<Event>> hour : eventsByHour.entrySet()) {
      // Two partials of the same hour (as two Spark tasks would make), one through the bytes Spark
      // moves between tasks, merged before storing.
      HourPartial a = new HourPartial("2025-12-24", hour.getKey());
      HourPartial b = new HourPartial("2025-12-24", hour.getKey());
      for (Event e : hour.getValue()) {
        (random.nextBoolean() ? a : b)
            .add(
                e.host(),
                e.path(),
                e.status(),
                e.bytes(),
                e.rt() != null,
                e.rt() == null ? 0 : e.rt(),
                e.ip());
      }
      PartialRows.of(a.addAll(HourPartial.fromBytes(b.toBytes()))).forEach(kpis::add);
    }

    assertThat(kpis.requests()).isEqualTo(events.size());
    assertThat(kpis.requestsWithResponseTime())
        .isEqualTo(events.stream().filter(e -> e.rt() != null).count());

    Table byHour = kpis.byHour();
    assertThat(byHour.rows()).hasSize(6);
    for (Row r : byHour.rows()) {
      List<Event> hour = eventsByHour.get((String) r.getAs("hour"));
      assertThat((long) r.getAs("requests")).isEqualTo(hour.size());
      assertThat((long) r.getAs("unique_ips")).isEqualTo(distinctIps(hour));
      assertPercentiles(r, hour);
    }

    Table byHost = kpis.byHost();
    assertThat(byHost.rows()).extracting(r -> (String) r.getAs("host")).hasSize(3);
    for (Row r : byHost.rows()) {
      List<Event> host = events.stream().filter(e -> e.host().equals(r.getAs("host"))).toList();
      assertThat((long) r.getAs("requests")).isEqualTo(host.size());
      assertThat((long) r.getAs("unique_ips"))
          .as("distinct IPs of a host across six hours")
          .isEqualTo(distinctIps(host));
      assertThat((long) r.getAs("bytes_total"))
          .isEqualTo(host.stream().mapToLong(Event::bytes).sum());
      assertThat((long) r.getAs("status_1xx"))
          .isEqualTo(host.stream().filter(e -> e.status() / 100 == 1).count());
      assertThat((long) r.getAs("status_5xx"))
          .isEqualTo(host.stream().filter(e -> e.status() / 100 == 5).count());
      assertPercentiles(r, host);
    }
    assertThat(byHost.rows())
        .extracting(r -> (long) r.getAs("requests"))
        .isSortedAccordingTo(Comparator.reverseOrder());

    Map<String, List<Event>> byPath = events.stream().collect(Collectors.groupingBy(Event::path));
    List<String> expectedTop =
        byPath.entrySet().stream()
            .sorted(
                Comparator.<Map.Entry<String, List<Event>>>comparingInt(e -> -e.getValue().size())
                    .thenComparing(Map.Entry::getKey))
            .limit(4)
            .map(Map.Entry::getKey)
            .toList();
    Table top = kpis.topPaths(4);
    assertThat(top.rows())
        .extracting(r -> (String) r.getAs("path"))
        .containsExactlyElementsOf(expectedTop);
    for (Row r : top.rows()) {
      List<Event> path = byPath.get((String) r.getAs("path"));
      assertThat((long) r.getAs("requests")).isEqualTo(path.size());
      assertThat((double) r.getAs("share")).isEqualTo(path.size() / (double) events.size());
      assertThat((long) r.getAs("status_4xx"))
          .isEqualTo(path.stream().filter(e -> e.status() / 100 == 4).count());
      assertPercentiles(r, path);
    }
  }

  private static long distinctIps(List<Event> events) {
    Set<String> ips = new HashSet<>();
    events.forEach(e -> ips.add(e.ip()));
    return ips.size();
  }

  private static void assertPercentiles(Row r, List<Event> events) {
    List<Long> rts = new ArrayList<>();
    events.stream().filter(e -> e.rt() != null).forEach(e -> rts.add(e.rt()));
    rts.sort(null);
    assertThat((long) r.getAs("rt_count")).isEqualTo(rts.size());
    Map<String, Integer> percents = new HashMap<>(Map.of("rt_p50", 50, "rt_p95", 95, "rt_p99", 99));
    percents.forEach(
        (column, pct) -> {
          int rank = Math.max(1, (rts.size() * pct + 99) / 100);
          assertThat((Long) r.getAs(column)).as(column).isEqualTo(rts.get(rank - 1));
        });
  }
}
