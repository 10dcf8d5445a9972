package io.logpipe.dashboard;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * A real headless Chromium driven through chromedriver: Debian's {@code chromium} and {@code
 * chromium-driver} packages (.ci/run installs them). Both binaries are named, so Selenium Manager
 * never downloads anything.
 */
final class Chromium {

  static final Path BROWSER = Path.of(System.getProperty("logpipe.chromium", "/usr/bin/chromium"));
  static final Path DRIVER =
      Path.of(System.getProperty("logpipe.chromedriver", "/usr/bin/chromedriver"));

  private Chromium() {}

  static ChromeDriver start(Path profileDir) throws IOException {
    if (!Files.isExecutable(BROWSER) || !Files.isExecutable(DRIVER)) {
      throw new IllegalStateException(
          "The browser tests need Chromium and its driver at "
              + BROWSER
              + " and "
              + DRIVER
              + ": apt-get install chromium chromium-driver (.ci/run does), or set -Dlogpipe.chromium/-Dlogpipe.chromedriver");
    }
    Files.createDirectories(profileDir);
    ChromeOptions options = new ChromeOptions();
    options.setBinary(BROWSER.toFile());
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-default-apps",
        "--user-data-dir=" + profileDir.toAbsolutePath(),
        "--window-size=1400,2400");
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(new File(DRIVER.toString()))
            .usingAnyFreePort()
            .withTimeout(Duration.ofSeconds(60))
            .build();
    ChromeDriver driver = new ChromeDriver(service, options);
    driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(10));
    return driver;
  }
}
