package io.logpipe.embedded.junit;

import io.logpipe.embedded.EmbeddedKafka;

/**
 * JUnit 5 extension: one real KRaft broker per test class, injected as an {@link EmbeddedKafka}
 * parameter into {@code @BeforeAll}, {@code @BeforeEach} and test methods.
 *
 * <pre>{@code
 * @ExtendWith(EmbeddedKafkaExtension.class)
 * class MyIT {
 *   @Test void works(EmbeddedKafka kafka) { ... kafka.bootstrapServers() ... }
 * }
 * }</pre>
 */
public final class EmbeddedKafkaExtension extends EmbeddedServerExtension<EmbeddedKafka> {
  public EmbeddedKafkaExtension() {
    super(EmbeddedKafka.class, EmbeddedKafka::start);
  }
}
