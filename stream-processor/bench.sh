#!/usr/bin/env bash
# Throughput benchmark of the stream processor (see BENCHMARKS.md). Usage: stream-processor/bench.sh [lines, default 1000000]
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q -pl stream-processor test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
mkdir -p stream-processor/target/tmp
exec java -Xmx2g -Djava.io.tmpdir=stream-processor/target/tmp \
  -cp "stream-processor/target/test-classes:stream-processor/target/classes:$(cat stream-processor/target/bench.classpath)" \
  io.logpipe.processor.bench.ProcessorBenchmark "$@"
