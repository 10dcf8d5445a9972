package io.logpipe.dashboard;

import io.logpipe.testkit.Await;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * Saves a screenshot of a running dashboard once it has shown a few live updates (the README's
 * picture): {@code ./mvnw -B -pl dashboard test-compile exec:java
 * -Dexec.mainClass=io.logpipe.dashboard.PageScreenshot -Dexec.args="http://127.0.0.1:8501/
 * docs/dashboard.png"}.
 */
public final class PageScreenshot {

  private PageScreenshot() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 2) {
      System.err.println("usage: PageScreenshot URL OUTPUT.png");
      System.exit(2);
    }
    Path out = Path.of(args[1]).toAbsolutePath();
    Path profile = Files.createTempDirectory("logpipe-screenshot-");
    ChromeDriver browser = Chromium.start(profile);
    try {
      browser.get(args[0]);
      Await.until(
          Duration.ofSeconds(30),
          "five live updates on the page",
          () ->
              ((Number) browser.executeScript("return window.logpipeDashboard.snapshots;"))
                  .longValue(),
          n -> n >= 5);
      Files.createDirectories(out.getParent());
      Files.write(out, browser.getScreenshotAs(OutputType.BYTES));
      System.out.println("screenshot: " + out);
    } finally {
      browser.quit();
    }
  }
}
