package io.logpipe.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

class ListeningSocketsTest {

  @Test
  void decodesTheKernelsHexAddresses() throws Exception {
    assertThat(ListeningSockets.parse("0100007F:1F90").toString()).isEqualTo("127.0.0.1:8080");
    assertThat(ListeningSockets.parse("00000000:0050").onLoopback()).isFalse();
    assertThat(ListeningSockets.parse("00000000000000000000000001000000:0050").address())
        .isEqualTo(InetAddress.getByName("::1"));
    // IPv4-mapped, as a dual-stack Java socket bound to 127.0.0.1 shows in tcp6
    assertThat(ListeningSockets.parse("0000000000000000FFFF00000100007F:0050").toString())
        .isEqualTo("127.0.0.1:80");
  }

  @Test
  void findsTheSocketsThisProcessListensOn() throws Exception {
    try (ServerSocket loopback = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        ServerSocket any = new ServerSocket(0)) {
      assertThat(ListeningSockets.ofThisProcess())
          .anySatisfy(
              s -> {
                assertThat(s.port()).isEqualTo(loopback.getLocalPort());
                assertThat(s.onLoopback()).isTrue();
              })
          .anySatisfy(
              s -> {
                assertThat(s.port()).isEqualTo(any.getLocalPort());
                assertThat(s.onLoopback()).isFalse();
              });
    }
  }
}
