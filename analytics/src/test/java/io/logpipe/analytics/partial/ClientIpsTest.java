package io.logpipe.analytics.partial;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Distinct client IPs across hours are exact: the union's size is the number of distinct strings.
 */
class ClientIpsTest {

  @Test
  void onlyCanonicalDottedQuadsBecomeNumbers() {
    assertThat(ClientIps.ipv4("10.0.3.7")).isEqualTo((10L << 24) | (3 << 8) | 7);
    assertThat(ClientIps.ipv4("0.0.0.0")).isZero();
    assertThat(ClientIps.ipv4("255.255.255.255")).isEqualTo(0xFFFFFFFFL);
    for (String other :
        List.of(
            "010.0.0.1",
            "10.0.0.01",
            "10.0.0",
            "10.0.0.1.",
            ".10.0.0.1",
            "10..0.1",
            "256.0.0.1",
            "1.2.3.4.5",
            "::1",
            "2001:db8::1",
            "-",
            "",
            " 1.2.3.4",
            "1.2.3.x")) {
      assertThat(ClientIps.ipv4(other)).as(other).isEqualTo(-1);
    }
  }

  @Test
  void unionAcrossHoursHasTheExactSizeOfTheDistinctStrings() {
    Random random = new Random(3);
    Set<String> all = new HashSet<>();
    List<ClientIps> hours = new ArrayList<>();
    for (int h = 0; h < 12; h++) {
      ClientIps hour = new ClientIps();
      Set<String> own = new HashSet<>();
      for (int i = 0; i < 2_000; i++) {
        String ip =
            switch (random.nextInt(10)) {
              case 0 -> "2001:db8::" + random.nextInt(50);
              case 1 -> "0" + random.nextInt(3) + ".0.0." + random.nextInt(3); // not canonical
              case 2 -> "0.0.0." + random.nextInt(2); // 0.0.0.0 is the number 0
              default ->
                  "10." + random.nextInt(4) + "." + random.nextInt(256) + "." + random.nextInt(256);
            };
        hour.add(ip);
        own.add(ip);
        all.add(ip);
      }
      assertThat(hour.size()).isEqualTo(own.size());
      hours.add(hour);
    }
    ClientIps union = new ClientIps();
    hours.forEach(union::addAll);
    assertThat(union.size()).isEqualTo(all.size());

    ClientIps stored = ClientIps.of(union.ipv4Bytes(), union.others());
    assertThat(stored.size()).isEqualTo(all.size());
    assertThat(stored.ipv4()).isEqualTo(union.ipv4()).doesNotHaveDuplicates().contains(0);
    assertThat(union.others()).isSorted().contains("00.0.0.1", "2001:db8::0");
  }

  @Test
  void addressesAddedOneByOneAreExactAcrossManyBatchesAndEveryRead() {
    Random random = new Random(11);
    ClientIps ips = new ClientIps();
    Set<Integer> expected = new HashSet<>();
    for (int i = 0; i < 30_000; i++) {
      // Duplicates, both halves of the unsigned range, several bitmap containers.
      int address = random.nextInt(4) == 0 ? random.nextInt() : 0x0A000000 | random.nextInt(3_000);
      ips.addIpv4(address);
      expected.add(address);
      if (i == 10) {
        assertThat(ips.size()).isEqualTo(expected.size()); // a read before the buffer is full
      }
    }
    assertThat(ips.size()).isEqualTo(expected.size());
    ClientIps stored = ClientIps.of(ips.ipv4Bytes(), new String[0]);
    assertThat(stored.size()).isEqualTo(expected.size());
    ClientIps union = new ClientIps();
    union.addIpv4(0x0A000000);
    union.addAll(ips);
    assertThat(union.ipv4()).hasSize(expected.size());
    assertThat(Integer.toUnsignedLong(union.ipv4()[union.ipv4().length - 1]))
        .isEqualTo(expected.stream().mapToLong(Integer::toUnsignedLong).max().orElseThrow());
  }
}
