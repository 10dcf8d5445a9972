package io.logpipe.ingest.generator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class GeneratorConfigTest {

  private static final Instant NOW = Instant.parse("2026-11-20T08:00:00Z");

  @Test
  void withoutAStartTheClocksNowIsTheStart() {
    GeneratorConfig c =
        GeneratorConfig.builder().clock(Clock.fixed(NOW, ZoneOffset.UTC)).events(10).build();
    assertThat(c.start()).isEqualTo(NOW);
    Instant given = Instant.parse("2026-01-01T00:00:00Z");
    assertThat(
            GeneratorConfig.builder()
                .clock(Clock.fixed(NOW, ZoneOffset.UTC))
                .start(given)
                .build()
                .start())
        .isEqualTo(given);
  }

  @Test
  void defaultsAreNamed() {
    GeneratorConfig c = GeneratorConfig.builder().start(NOW).build();
    assertThat(c.events()).isEqualTo(GeneratorConfig.UNLIMITED);
    assertThat(c.seed()).isEqualTo(GeneratorConfig.DEFAULT_SEED).isEqualTo(42);
    assertThat(c.rate()).isEqualTo(GeneratorConfig.DEFAULT_RATE).isZero();
    assertThat(c.speed()).isEqualTo(GeneratorConfig.DEFAULT_SPEED).isEqualTo(1.0);
    assertThat(c.grace())
        .isEqualTo(GeneratorConfig.DEFAULT_GRACE)
        .isEqualTo(Duration.ofSeconds(30));
    assertThat(c.hosts()).isEqualTo(GeneratorConfig.DEFAULT_HOSTS);
    assertThat(c.duration()).isNull();
    assertThat(c.span()).isNull();
  }

  @Test
  void theConstructorValidatesAsTheBuilderDoes() {
    assertThatThrownBy(
            () ->
                new GeneratorConfig(
                    -1,
                    null,
                    0,
                    42,
                    NOW,
                    Duration.ofHours(1),
                    1.0,
                    0,
                    0,
                    Duration.ofSeconds(30),
                    List.of("h")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--events");
    assertThatThrownBy(
            () -> GeneratorConfig.builder().start(NOW).grace(Duration.ofSeconds(5)).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("grace");
  }
}
