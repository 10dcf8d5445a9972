package io.logpipe.sink.fs;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.Set;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.ParentNotDirectoryException;
import org.apache.hadoop.ipc.RemoteException;
import org.apache.hadoop.security.AccessControlException;

/**
 * Tells file-system errors that will not go away by waiting (permissions, quotas, a full disk, a
 * path that is a file instead of a directory) from transient ones (NameNode restart or failover,
 * safe mode, DataNode loss, timeouts), which are retried with backoff.
 */
public final class FsErrors {

  /** Remote exception classes (by simple name) that need an operator. */
  private static final Set<String> PERMANENT_REMOTE =
      Set.of(
          "AccessControlException",
          "DSQuotaExceededException",
          "NSQuotaExceededException",
          "QuotaExceededException",
          "ParentNotDirectoryException",
          "InvalidPathException",
          "UnresolvedPathException",
          "PathIsNotDirectoryException");

  private FsErrors() {}

  /** Whether retrying {@code e} is pointless. */
  public static boolean isPermanent(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof AccessControlException
          || t instanceof ParentNotDirectoryException
          || t instanceof FileAlreadyExistsException
          || t instanceof SecurityException
          || t instanceof io.logpipe.sink.commit.MissingCommittedFileException) {
        return true;
      }
      if (t instanceof RemoteException re) {
        String cls = re.getClassName();
        String simple = cls.substring(cls.lastIndexOf('.') + 1);
        if (PERMANENT_REMOTE.contains(simple)) {
          return true;
        }
      }
      String msg = t.getMessage();
      if (t instanceof IOException
          && msg != null
          && (msg.contains("No space left on device") || msg.contains("Permission denied"))) {
        return true;
      }
      if (t instanceof FileNotFoundException && msg != null && msg.contains("Permission denied")) {
        return true;
      }
    }
    return false;
  }
}
