package io.logpipe.processor.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.logpipe.processor.config.ProcessorConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.TopologyDescription;
import org.junit.jupiter.api.Test;

class CountsRepartitionTopicTest {

  /**
   * Other modules name the internal topic through this API: it must be the one the topology writes.
   */
  @Test
  void isTheRepartitionTopicTheTopologyWrites() {
    TopologyDescription description = LogTopology.build(ProcessorConfig.from(Map.of())).describe();
    List<String> sinkTopics = new ArrayList<>();
    for (TopologyDescription.Subtopology sub : description.subtopologies()) {
      for (TopologyDescription.Node node : sub.nodes()) {
        if (node instanceof TopologyDescription.Sink sink && sink.topic() != null) {
          sinkTopics.add(sink.topic());
        }
      }
    }
    String internal = LogTopology.countsRepartitionTopic("app").substring("app-".length());
    assertThat(sinkTopics).contains(internal);
  }
}
