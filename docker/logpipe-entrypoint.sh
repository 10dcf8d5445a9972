#!/bin/sh
# `logpipe SUBCOMMAND [options]` inside the image: runs the stage application that owns SUBCOMMAND.
set -eu
JAVA_OPTS=${JAVA_OPTS:-}
cmd=${1:-}
case "$cmd" in
  produce|ingest-file) exec java $JAVA_OPTS -jar /opt/logpipe/logpipe-ingest.jar "$@" ;;
  process)             shift; exec java $JAVA_OPTS -jar /opt/logpipe/logpipe-stream-processor.jar "$@" ;;
  sink)                shift; exec java $JAVA_OPTS -jar /opt/logpipe/logpipe-hdfs-sink.jar "$@" ;;
  dashboard)           shift; exec java $JAVA_OPTS -jar /opt/logpipe/logpipe-dashboard.jar "$@" ;;
  ""|-h|--help)
    echo "usage: logpipe produce|ingest-file|process|sink|dashboard [options]   (each accepts --help)"
    exit 0 ;;
  *) echo "logpipe: unknown subcommand '$cmd' (expected produce, ingest-file, process, sink or dashboard)" >&2; exit 2 ;;
esac
