package io.logpipe.sink.app;

import java.io.File;
import java.util.List;
import org.apache.hadoop.conf.Configuration;

/** Loads a Hadoop client configuration from a directory of {@code *-site.xml} files. */
final class HadoopConfLoader {

  private static final List<String> SITE_FILES = List.of("core-site.xml", "hdfs-site.xml");

  private HadoopConfLoader() {}

  /** {@code dir} if given, else {@code $HADOOP_CONF_DIR} if set, else Hadoop's defaults. */
  static Configuration load(File dir) {
    Configuration conf = new Configuration();
    File source = dir;
    if (source == null && System.getenv("HADOOP_CONF_DIR") != null) {
      source = new File(System.getenv("HADOOP_CONF_DIR"));
    }
    if (source == null) {
      return conf;
    }
    if (!source.isDirectory()) {
      throw new IllegalArgumentException(
          "Hadoop configuration directory " + source + " does not exist");
    }
    for (String name : SITE_FILES) {
      File f = new File(source, name);
      if (f.isFile()) {
        conf.addResource(new org.apache.hadoop.fs.Path(f.toURI()));
      }
    }
    return conf;
  }
}
