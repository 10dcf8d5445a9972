package io.logpipe.embedded.junit;

import io.logpipe.embedded.EmbeddedHdfs;

/**
 * JUnit 5 extension: one real MiniDFSCluster per test class, injected as an {@link EmbeddedHdfs}
 * parameter into {@code @BeforeAll}, {@code @BeforeEach} and test methods.
 */
public final class EmbeddedHdfsExtension extends EmbeddedServerExtension<EmbeddedHdfs> {
  public EmbeddedHdfsExtension() {
    super(EmbeddedHdfs.class, EmbeddedHdfs::start);
  }
}
