package io.logpipe.sink.recovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.logpipe.sink.commit.CommitManifest;
import io.logpipe.sink.commit.CommitManifest.CommitFile;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RecoveryPlannerTest {

  private static final String T = "logs_curated";

  private static LakeListing.NamedManifest manifest(long from, long to, CommitFile... files) {
    return new LakeListing.NamedManifest(
        from,
        "log/" + from,
        new CommitManifest(1, "c" + from, T, 0, from, to, 1000 + to, List.of(files)));
  }

  private static CommitFile file(String temp, String target) {
    return new CommitFile(temp, target, 10);
  }

  @Test
  void emptyLakeResumesFromTheBeginning() {
    RecoveryPlan plan = RecoveryPlanner.plan(new LakeListing(T, 0, List.of(), Set.of(), Set.of()));
    assertThat(plan.resumeOffset()).isEqualTo(-1);
    assertThat(plan.rollForward()).isEmpty();
    assertThat(plan.discardTemps()).isEmpty();
  }

  @Test
  void completeCommitResumesAfterIt() {
    var m = manifest(0, 100, file("tmp/a", "dt=2025-01-01/hour=00/a.parquet"));
    RecoveryPlan plan =
        RecoveryPlanner.plan(
            new LakeListing(T, 0, List.of(m), Set.of(), Set.of("dt=2025-01-01/hour=00/a.parquet")));
    assertThat(plan.resumeOffset()).isEqualTo(100);
    assertThat(plan.maxEventMicros()).isEqualTo(1100);
    assertThat(plan.rollForward()).isEmpty();
    assertThat(plan.missingFiles()).isEmpty();
  }

  @Test
  void halfPublishedCommitIsRolledForward() {
    var m =
        manifest(
            100,
            250,
            file("tmp/a", "h0/a.parquet"),
            file("tmp/b", "h1/b.parquet"),
            file("tmp/c", "h2/c.parquet"));
    RecoveryPlan plan =
        RecoveryPlanner.plan(
            new LakeListing(T, 0, List.of(m), Set.of("tmp/b", "tmp/c"), Set.of("h0/a.parquet")));
    assertThat(plan.rollForward())
        .containsExactly(
            new RecoveryPlan.Rename("tmp/b", "h1/b.parquet"),
            new RecoveryPlan.Rename("tmp/c", "h2/c.parquet"));
    assertThat(plan.discardTemps()).isEmpty();
    assertThat(plan.resumeOffset()).isEqualTo(250);
  }

  @Test
  void tempFilesWithoutManifestAreDiscardedAndReRead() {
    var m = manifest(0, 100, file("tmp/old", "h0/a.parquet"));
    RecoveryPlan plan =
        RecoveryPlanner.plan(
            new LakeListing(
                T,
                0,
                List.of(m),
                Set.of("tmp/new-0.parquet", "tmp/new-1.parquet", "tmp/x.commit.tmp"),
                Set.of("h0/a.parquet")));
    assertThat(plan.discardTemps())
        .containsExactly("tmp/new-0.parquet", "tmp/new-1.parquet", "tmp/x.commit.tmp");
    assertThat(plan.rollForward()).isEmpty();
    assertThat(plan.resumeOffset()).isEqualTo(100);
  }

  @Test
  void latestManifestWinsAndOlderOnesBecomeObsolete() {
    var m1 = manifest(0, 100, file("tmp/a", "h0/a.parquet"));
    var m2 = manifest(100, 180, file("tmp/b", "h0/b.parquet"));
    RecoveryPlan plan =
        RecoveryPlanner.plan(
            new LakeListing(T, 0, List.of(m2, m1), Set.of("tmp/b"), Set.of("h0/a.parquet")));
    assertThat(plan.resumeOffset()).isEqualTo(180);
    assertThat(plan.rollForward())
        .containsExactly(new RecoveryPlan.Rename("tmp/b", "h0/b.parquet"));
    assertThat(plan.obsoleteManifests()).containsExactly("log/0");
  }

  @Test
  void committedFileFoundNowhereIsReported() {
    var m = manifest(0, 100, file("tmp/a", "h0/a.parquet"));
    RecoveryPlan plan = RecoveryPlanner.plan(new LakeListing(T, 0, List.of(m), Set.of(), Set.of()));
    assertThat(plan.missingFiles()).containsExactly("h0/a.parquet");
  }

  @Test
  void manifestWhoseNameDisagreesWithItsContentIsRejected() {
    var bad =
        new LakeListing.NamedManifest(
            5, "log/5", new CommitManifest(1, "x", T, 0, 0, 10, -1, List.of()));
    assertThatThrownBy(
            () -> RecoveryPlanner.plan(new LakeListing(T, 0, List.of(bad), Set.of(), Set.of())))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("does not match");
  }
}
