#!/bin/sh
# `logpipe SUBCOMMAND [options]` inside the image: runs the stage application that owns SUBCOMMAND.
# JAVA_OPTS adds JVM options. LOGPIPE_JARS is where the jars are (/opt/logpipe).
# Class-data sharing (LOGPIPE_CDS=auto, the default, or off): a stage that finds no archive of its jar in
# LOGPIPE_CDS_DIR (/var/lib/logpipe/cds) writes one when its JVM exits after a run that did
# its work (exit 0, or stopped by SIGTERM/SIGINT as a service is); every later start maps the classes it loaded
# from that archive instead of reading them from the jar: 3-4 s less of a cold start into a backlog
# (BENCHMARKS.md, speed as deployed). The archive is named by the jar's size and time and the JVM's version,
# so a new image writes its own; one the JVM cannot use is skipped. JVM warnings go to stderr, those of the
# archive's writing (classes it leaves out) not at all.
set -eu
JAVA_OPTS=${JAVA_OPTS:-}
jars=${LOGPIPE_JARS:-/opt/logpipe}
cds=${LOGPIPE_CDS:-auto}
cds_dir=${LOGPIPE_CDS_DIR:-/var/lib/logpipe/cds}
case "$cds" in
  auto | off) ;;
  *) echo "logpipe: LOGPIPE_CDS must be auto or off, not '$cds'" >&2; exit 2 ;;
esac

# run JAR ARGS...: the stage's JVM, through its archive when there is one.
run() {
  jar=$1
  shift
  for arg in "$@"; do
    # no stage work runs: its classes would make a useless archive
    case "$arg" in -h | --help | -V | --version) cds=off ;; esac
  done
  if [ "$cds" = off ] || ! mkdir -p "$cds_dir" 2>/dev/null || [ ! -w "$cds_dir" ]; then
    # shellcheck disable=SC2086
    exec java $JAVA_OPTS -jar "$jar" "$@"
  fi
  # named by the jar (size and time) and the JVM, whose archives are their own; no stat: no archive
  if ! stamp=$(stat -c %s-%Y "$jar" 2>/dev/null); then
    # shellcheck disable=SC2086
    exec java $JAVA_OPTS -jar "$jar" "$@"
  fi
  archive="$cds_dir/$(basename "$jar" .jar)-$stamp-java${JAVA_VERSION:-}.jsa"
  if [ -f "$archive" ]; then
    # shellcheck disable=SC2086
    exec java -XX:SharedArchiveFile="$archive" -Xlog:disable '-Xlog:all=warning,cds*=off:stderr' \
      $JAVA_OPTS -jar "$jar" "$@"
  fi
  # This run writes the archive as its JVM exits, under a name of its own (replicas sharing the volume do not
  # mix: each container's shell has PID 1), moved into place once the JVM is done. The JVM is a child here, so
  # signals are passed on: TERM for INT too, since a background job of sh starts with SIGINT ignored.
  partial=$(mktemp "$cds_dir/.$(basename "$archive").XXXXXX") || exec java $JAVA_OPTS -jar "$jar" "$@"
  pid=""
  stopping=""
  trap 'stopping=1; [ -z "$pid" ] || kill -TERM "$pid" 2>/dev/null || true' TERM INT
  # shellcheck disable=SC2086
  java -XX:ArchiveClassesAtExit="$partial" -Xlog:disable '-Xlog:all=warning,cds*=off:stderr' \
    $JAVA_OPTS -jar "$jar" "$@" &
  pid=$!
  # a signal that came before the JVM was there
  [ -z "$stopping" ] || kill -TERM "$pid" 2>/dev/null || true
  rc=0
  while :; do
    wait "$pid" && rc=0 || rc=$?
    # a trapped signal interrupts wait while the JVM still runs: wait again for its own exit status
    kill -0 "$pid" 2>/dev/null || break
  done
  case "$rc" in
    0 | 130 | 143) [ ! -s "$partial" ] || mv -f "$partial" "$archive" || true ;;
  esac
  rm -f "$partial"
  exit "$rc"
}

cmd=${1:-}
case "$cmd" in
  produce|ingest-file) run "$jars/logpipe-ingest.jar" "$@" ;;
  process)             shift; run "$jars/logpipe-stream-processor.jar" "$@" ;;
  sink)                shift; run "$jars/logpipe-hdfs-sink.jar" "$@" ;;
  dashboard)           shift; run "$jars/logpipe-dashboard.jar" "$@" ;;
  ""|-h|--help)
    echo "usage: logpipe produce|ingest-file|process|sink|dashboard [options]   (each accepts --help)"
    exit 0 ;;
  *) echo "logpipe: unknown subcommand '$cmd' (expected produce, ingest-file, process, sink or dashboard)" >&2; exit 2 ;;
esac
