package io.logpipe.sink.fs;

import java.net.URI;
import java.util.Locale;
import java.util.Set;

/** Object-store URIs, which the file mode cannot commit to. */
public final class ObjectStores {

  private ObjectStores() {}

  private static final Set<String> SCHEMES =
      Set.of("s3", "s3a", "s3n", "gs", "abfs", "abfss", "wasb", "wasbs", "oss");

  public static boolean isObjectStore(URI uri) {
    return uri.getScheme() != null && SCHEMES.contains(uri.getScheme().toLowerCase(Locale.ROOT));
  }

  /**
   * Refuses an object-store lake in the file mode: its commit point is a rename, which object
   * stores do not make atomically (a copy and a delete), so readers could see half a commit.
   *
   * @throws IllegalArgumentException naming the Iceberg mode
   */
  public static void refuseInFileMode(URI lake) {
    if (isObjectStore(lake)) {
      throw new IllegalArgumentException(
          "the lake "
              + lake
              + " is an object store: the file mode commits by renaming files, which "
              + lake.getScheme()
              + ":// cannot do atomically. Use the Iceberg mode (--format iceberg) there.");
    }
  }
}
