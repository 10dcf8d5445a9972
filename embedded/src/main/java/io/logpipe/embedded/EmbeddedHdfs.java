package io.logpipe.embedded;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real HDFS (MiniDFSCluster: one NameNode, one DataNode) running inside this JVM on free ports.
 * Clients use {@link #uri()} and {@link #configuration()} exactly as they would a cluster's.
 */
public final class EmbeddedHdfs implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(EmbeddedHdfs.class);

  private final MiniDFSCluster cluster;
  private final Path baseDir;
  private final boolean deleteBaseDirOnClose;
  private final Duration startupTime;
  private boolean closed;

  private EmbeddedHdfs(
      MiniDFSCluster cluster, Path baseDir, boolean deleteBaseDirOnClose, Duration startupTime) {
    this.cluster = cluster;
    this.baseDir = baseDir;
    this.deleteBaseDirOnClose = deleteBaseDirOnClose;
    this.startupTime = startupTime;
  }

  /** Starts a cluster in a fresh temporary directory that is deleted on {@link #close()}. */
  public static EmbeddedHdfs start() {
    try {
      return start(Files.createTempDirectory("logpipe-hdfs-"), true);
    } catch (IOException e) {
      throw new EmbeddedStartException(
          "Cannot create a temporary directory for the embedded HDFS", e);
    }
  }

  /** Starts a cluster whose NameNode and DataNode keep their storage under {@code baseDir}. */
  public static EmbeddedHdfs start(Path baseDir, boolean deleteBaseDirOnClose) {
    long t0 = System.nanoTime();
    Configuration conf = new Configuration();
    conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, baseDir.toAbsolutePath().toString());
    // Small blocks so that multi-block files are exercised without writing gigabytes.
    conf.setLong("dfs.blocksize", 16L * 1024 * 1024);
    conf.setBoolean("dfs.permissions.enabled", true);
    try {
      MiniDFSCluster cluster =
          new MiniDFSCluster.Builder(conf).numDataNodes(1).format(true).build();
      cluster.waitActive();
      Duration startup = Duration.ofNanos(System.nanoTime() - t0);
      EmbeddedHdfs hdfs = new EmbeddedHdfs(cluster, baseDir, deleteBaseDirOnClose, startup);
      log.info(
          "Embedded HDFS up at {} in {} ms, storage {}", hdfs.uri(), startup.toMillis(), baseDir);
      return hdfs;
    } catch (IOException e) {
      throw new EmbeddedStartException(
          "Cannot start the embedded HDFS (MiniDFSCluster) under "
              + baseDir
              + ": "
              + e.getMessage(),
          e);
    }
  }

  /** {@code hdfs://host:port}: the NameNode URI. */
  public URI uri() {
    return cluster.getURI();
  }

  /** A client configuration whose default file system is this cluster; a copy each call. */
  public Configuration configuration() {
    Configuration conf = new Configuration(cluster.getConfiguration(0));
    conf.set("fs.defaultFS", uri().toString());
    return conf;
  }

  /** A new (uncached) client file system for this cluster; the caller closes it. */
  public FileSystem newFileSystem() throws IOException {
    return FileSystem.newInstance(uri(), configuration());
  }

  /** How long start-up took. */
  public Duration startupTime() {
    return startupTime;
  }

  /**
   * The underlying MiniDFSCluster, for failure tests that stop a DataNode or restart the NameNode.
   */
  public MiniDFSCluster miniCluster() {
    return cluster;
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    cluster.shutdown(true);
    if (deleteBaseDirOnClose) {
      Directories.deleteRecursively(baseDir);
    }
    log.info("Embedded HDFS stopped");
  }
}
