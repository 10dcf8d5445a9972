package io.logpipe.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class DashboardCommandTest {

  @Test
  void helpNamesTheEndpointsAnExampleAndTheExitCodes() {
    StringWriter out = new StringWriter();
    CommandLine cl = new CommandLine(new DashboardCommand());
    cl.setOut(new PrintWriter(out));
    assertThat(cl.execute("--help")).isZero();
    assertThat(out.toString())
        .contains(
            "--bootstrap-servers",
            "--lake",
            "--port",
            "--bind",
            "/api/live",
            "Examples:",
            "Exit codes:",
            "8501",
            "127.0.0.1",
            "--consumer-property",
            "--connect-timeout");
  }

  @Test
  void aLocalPathBecomesAFileUriAndAUriStaysAsGiven() {
    assertThat(DashboardCommand.lakeUri("hdfs://nn:8020/datalake/logs").toString())
        .isEqualTo("hdfs://nn:8020/datalake/logs");
    assertThat(DashboardCommand.lakeUri("lake").toString())
        .isEqualTo(Path.of("lake").toAbsolutePath().toUri().toString());
  }

  @Test
  void aTakenPortIsOneLineAndExitCodeOne() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      StringWriter err = new StringWriter();
      CommandLine cl = new CommandLine(new DashboardCommand());
      cl.setErr(new PrintWriter(err));
      int code =
          cl.execute(
              "--port",
              String.valueOf(taken.getLocalPort()),
              "-b",
              "127.0.0.1:1",
              "--lake",
              "target/no-lake");
      assertThat(code).isEqualTo(1);
      assertThat(err.toString().strip())
          .startsWith("logpipe dashboard: cannot start on 127.0.0.1:" + taken.getLocalPort())
          .doesNotContain("\n")
          .doesNotContain("Exception");
    }
  }
}
