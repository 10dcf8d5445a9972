package io.logpipe.sink.fs;

import org.apache.hadoop.conf.Configuration;

/**
 * How often the HDFS client asks the NameNode whether a file it closes is complete. The NameNode
 * says no until a DataNode has reported the file's last block, which the DataNode does just after
 * acknowledging the client, so the first ask of a close usually loses that race; the client then
 * sleeps {@value #INITIAL_DELAY} (Hadoop's default: 400 ms) before it asks again, doubling each
 * time. The sink closes its data files and then a manifest per commit: in the benchmark into
 * EmbeddedHdfs its thread spent most of the run in those sleeps, using half a core. Unless the
 * configuration sets either key itself, the sink starts at {@value #SINK_INITIAL_DELAY_MS} ms and
 * allows {@value #SINK_RETRIES} retries, so it still waits longer in all (12.8 s) than Hadoop's
 * defaults (12.4 s) before a close fails. The same two settings pace the client's retries when it
 * asks for a new block.
 */
public final class HdfsCloseRetries {

  public static final String INITIAL_DELAY =
      "dfs.client.block.write.locateFollowingBlock.initial.delay.ms";
  public static final String RETRIES = "dfs.client.block.write.locateFollowingBlock.retries";
  static final int SINK_INITIAL_DELAY_MS = 25;
  static final int SINK_RETRIES = 9;

  private HdfsCloseRetries() {}

  /**
   * {@code conf}, or a copy with the sink's close retries when neither key is set by a site file or
   * the caller.
   */
  public static Configuration apply(Configuration conf) {
    // Registers hdfs-default.xml and hdfs-site.xml (from the class path) as default resources, as
    // the HDFS client
    // does when it is first loaded: only then does conf show what a class-path hdfs-site.xml sets.
    org.apache.hadoop.hdfs.HdfsConfiguration.init();
    if (setExplicitly(conf, INITIAL_DELAY) || setExplicitly(conf, RETRIES)) {
      return conf;
    }
    Configuration tuned = new Configuration(conf);
    tuned.setInt(INITIAL_DELAY, SINK_INITIAL_DELAY_MS);
    tuned.setInt(RETRIES, SINK_RETRIES);
    return tuned;
  }

  /** Set anywhere but in Hadoop's own {@code *-default.xml} files. */
  private static boolean setExplicitly(Configuration conf, String key) {
    if (conf.get(key) == null) {
      return false;
    }
    String[] sources = conf.getPropertySources(key);
    if (sources == null) {
      return true; // set, source unknown: the caller's
    }
    for (String source : sources) {
      if (!source.endsWith("-default.xml")) {
        return true;
      }
    }
    return false;
  }
}
