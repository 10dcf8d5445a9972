package io.logpipe.sink.support;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Forwards every call to the stream it wraps; the fault-injecting file systems override the calls
 * they break.
 */
abstract class ForwardingOutputStream extends OutputStream {

  protected final OutputStream inner;

  ForwardingOutputStream(OutputStream inner) {
    this.inner = inner;
  }

  @Override
  public void write(int b) throws IOException {
    inner.write(b);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    inner.write(b, off, len);
  }

  @Override
  public void flush() throws IOException {
    inner.flush();
  }

  @Override
  public void close() throws IOException {
    inner.close();
  }
}
