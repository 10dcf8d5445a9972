package io.logpipe.ingest.generator;

import java.util.concurrent.locks.LockSupport;

/** Monotonic time and waiting, injectable so that pacing is tested without real time passing. */
public interface NanoClock {

  /** The system's monotonic clock; waits park the calling thread. */
  NanoClock SYSTEM =
      new NanoClock() {
        @Override
        public long nanoTime() {
          return System.nanoTime();
        }

        @Override
        public void sleepNanos(long nanos) {
          LockSupport.parkNanos(nanos);
        }
      };

  /** Monotonic nanoseconds, as {@link System#nanoTime()}. */
  long nanoTime();

  /** Waits about {@code nanos}; may return early (callers re-check the time). */
  void sleepNanos(long nanos);
}
