package io.logpipe.commandline;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/**
 * The one version string of every logpipe command: {@code logpipe 0.1.0-SNAPSHOT (commit
 * 1a2b3c4d5e6f)}, the commit (with {@code -dirty} for uncommitted changes) only when the build ran
 * in a git checkout. The build writes {@code version.properties} (the parent POM's {@code
 * logpipe-version} execution).
 */
public final class LogpipeVersion implements IVersionProvider {

  private static final String RESOURCE = "version.properties";

  @Override
  public String[] getVersion() {
    return new String[] {text()};
  }

  /** The version line. */
  public static String text() {
    Properties p = new Properties();
    try (InputStream in = LogpipeVersion.class.getResourceAsStream(RESOURCE)) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
    String commit = p.getProperty("commit", "").strip();
    return "logpipe "
        + p.getProperty("version", "(unknown version)").strip()
        + (commit.isEmpty() ? "" : " (commit " + commit + ")");
  }
}
