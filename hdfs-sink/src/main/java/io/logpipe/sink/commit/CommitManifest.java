package io.logpipe.sink.commit;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;

/**
 * What one commit of one Kafka partition publishes: every record with offset in {@code [from, to)}
 * is in exactly the listed files (or quarantined, for records that could not be decoded). Written
 * completely to a temp name, then renamed to {@code <from>.commit}: that rename is the commit
 * point. After it, the commit is rolled forward (temp files renamed to their targets) by whoever
 * gets there first: the committer or a recovery.
 *
 * @param version format version of this manifest
 * @param commitId unique id of the batch (distinguishes our own claim from a competitor's)
 * @param topic Kafka topic
 * @param partition Kafka partition
 * @param from first offset covered (the previous commit's {@code to})
 * @param to first offset not covered: where the next commit starts
 * @param maxEventMicros highest event time among the rows (epoch microseconds), -1 if none
 * @param files files published by this commit, paths relative to {@code <lake>/curated}
 */
public record CommitManifest(
    int version,
    String commitId,
    String topic,
    int partition,
    long from,
    long to,
    long maxEventMicros,
    List<CommitFile> files) {

  public static final int VERSION = 1;

  private static final ObjectMapper JSON =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  public CommitManifest {
    files = List.copyOf(files);
    if (to < from) {
      throw new IllegalArgumentException("commit range " + from + ".." + to + " is reversed");
    }
  }

  /**
   * One file of a commit.
   *
   * @param temp where the committer wrote it (hidden)
   * @param target its visible name
   * @param rows rows in it (0 for quarantined raw records)
   */
  public record CommitFile(String temp, String target, long rows) {}

  /** Total rows the commit publishes. */
  public long rows() {
    return files.stream().mapToLong(CommitFile::rows).sum();
  }

  public void writeTo(OutputStream out) throws IOException {
    JSON.writerWithDefaultPrettyPrinter().writeValue(out, this);
  }

  public static CommitManifest readFrom(InputStream in) throws IOException {
    return JSON.readValue(in, CommitManifest.class);
  }
}
