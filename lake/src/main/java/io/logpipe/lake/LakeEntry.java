package io.logpipe.lake;

/**
 * One entry of a directory listing, in the caller's own path type.
 *
 * @param path the entry's path, as the caller's file system client names it
 * @param name its last path segment
 * @param directory whether it is a directory (else a file)
 * @param length its length in bytes (0 for a directory)
 * @param modified its modification time, epoch milliseconds
 * @param <P> the caller's path type (a Hadoop {@code Path}, a {@code java.nio.file.Path}, ...)
 */
public record LakeEntry<P>(P path, String name, boolean directory, long length, long modified) {

  public boolean isFile() {
    return !directory;
  }

  /** Whether lake readers skip this entry ({@link LakeNames#isHidden(String)}). */
  public boolean hidden() {
    return LakeNames.isHidden(name);
  }
}
