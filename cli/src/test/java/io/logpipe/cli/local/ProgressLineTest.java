package io.logpipe.cli.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressLineTest {

  private static final long SECOND = 1_000_000_000L;

  @Test
  void aPlainLineShowsTheRateOverTheIntervalSinceThePreviousLine() {
    StringWriter text = new StringWriter();
    AtomicLong clock = new AtomicLong();
    ProgressLine progress = new ProgressLine(new PrintWriter(text, true), false, clock::get);

    progress.update("ingesting", 0, 0, 0, 0); // t=0: first line
    for (int s = 1; s <= 4; s++) { // ticks every second, 1,000 lines processed each
      clock.set(s * SECOND);
      progress.update("ingesting", s * 1000L, s * 900L, s * 100L, 0);
    }
    clock.set(5 * SECOND); // nothing processed during the fifth second
    progress.update("ingesting", 4000, 3600, 400, 0);

    List<String> lines = text.toString().lines().toList();
    assertThat(lines).as("one plain line every 5 s").hasSize(2);
    assertThat(lines.get(1))
        .as("4,000 lines in the 5 s since the previous line, not the last second's 0")
        .endsWith("processed       800 lines/s");
  }

  @Test
  void onATerminalEachUpdateShowsTheLastSecondsRate() {
    StringWriter text = new StringWriter();
    AtomicLong clock = new AtomicLong();
    ProgressLine progress = new ProgressLine(new PrintWriter(text, true), true, clock::get);
    clock.set(SECOND);
    progress.update("ingesting", 2000, 2000, 0, 0);
    clock.set(2 * SECOND);
    progress.update("ingesting", 5000, 4000, 1000, 0);
    assertThat(text.toString()).endsWith("processed     3,000 lines/s");
  }
}
