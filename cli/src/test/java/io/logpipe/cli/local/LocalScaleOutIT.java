package io.logpipe.cli.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.logpipe.cli.Logpipe;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code logpipe local --partitions 6 --processors 2 --sinks 2}: two instances of each stage in one
 * JVM share the partitions, the run reconciles exactly and names which instance owned which.
 */
class LocalScaleOutIT {

  private static final Pattern OWNER =
      Pattern.compile("^\\s+((?:processor|sink)-\\d+)\\s+(.*)$", Pattern.MULTILINE);

  @TempDir Path tmp;

  @Test
  void twoInstancesOfEachStageShareTheSixPartitionsAndReconcile() throws Exception {
    String output = runReconciled("--brokers=1", "--processors=2", "--sinks=2");

    Map<String, Map<String, Set<Integer>>> owners = owners(output);
    assertThat(owners).containsOnlyKeys("processor-1", "processor-2", "sink-1", "sink-2");
    assertSharedAndComplete(owners, "processor", "logs_raw");
    assertSharedAndComplete(owners, "sink", "logs_curated");
  }

  /** A local run of 20,000 events on 6 partitions with {@code more}; it must reconcile exactly. */
  private String runReconciled(String... more) throws Exception {
    List<String> args =
        new ArrayList<>(
            List.of(
                "local",
                "--start=2026-11-20T00:00:00Z",
                "--lake=" + tmp.resolve("lake"),
                "--events=20000",
                "--span=2h",
                "--seed=5",
                "--partitions=6",
                "--no-analytics"));
    args.addAll(List.of(more));
    CommandLine logpipe = Logpipe.commandLine();
    logpipe.parseArgs(args.toArray(String[]::new));
    LocalOptions options =
        ((LocalCommand) logpipe.getSubcommands().get("local").getCommand()).options();
    StringWriter text = new StringWriter();
    LocalResult result;
    try (PrintWriter out = new PrintWriter(text, true)) {
      result = new LocalPipeline(options, out, false).run();
    }
    String output = text.toString();
    System.out.println(output);
    assertThat(result.reconciliation().checks())
        .isNotEmpty()
        .allSatisfy(c -> assertThat(c.actual()).as(c.name()).isEqualTo(c.expected()));
    assertThat(result.exitCode()).as(output).isZero();
    assertThat(result.ingest().acknowledged()).isEqualTo(20_000);
    return output;
  }

  /** Every partition of {@code topic} has exactly one owner among the stage's two instances. */
  private static void assertSharedAndComplete(
      Map<String, Map<String, Set<Integer>>> owners, String stage, String topic) {
    Set<Integer> one = owners.get(stage + "-1").getOrDefault(topic, Set.of());
    Set<Integer> two = owners.get(stage + "-2").getOrDefault(topic, Set.of());
    assertThat(one).as("%s-1 owns part of %s", stage, topic).isNotEmpty();
    assertThat(two).as("%s-2 owns part of %s", stage, topic).isNotEmpty();
    assertThat(one).as("no partition of %s owned twice", topic).doesNotContainAnyElementsOf(two);
    Set<Integer> all = new TreeSet<>(one);
    all.addAll(two);
    assertThat(all).containsExactly(0, 1, 2, 3, 4, 5);
  }

  /** The run's owner lines: {@code processor-1 logs_raw 0,2,4; other 1}. */
  private static Map<String, Map<String, Set<Integer>>> owners(String output) {
    Map<String, Map<String, Set<Integer>>> owners = new TreeMap<>();
    Matcher m = OWNER.matcher(output);
    while (m.find()) {
      Map<String, Set<Integer>> topics = new TreeMap<>();
      if (!m.group(2).equals("(none)")) {
        for (String part : m.group(2).split("; ")) {
          String[] topicAndPartitions = part.split(" ");
          List<Integer> partitions = new ArrayList<>();
          for (String p : topicAndPartitions[1].split(",")) {
            partitions.add(Integer.parseInt(p));
          }
          topics.put(topicAndPartitions[0], new TreeSet<>(partitions));
        }
      }
      owners.put(m.group(1), topics);
    }
    return owners;
  }
}
