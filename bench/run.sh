#!/usr/bin/env bash
# Builds Catalyst, starts the server on a free port of 127.0.0.1 with a fresh data directory under bench/target,
# runs the benchmarks against it (catalog list, then click-to-commit), stops the server and updates
# bench/RESULTS.md.
#
#   bench/run.sh                               both benchmarks, default options
#   bench/run.sh catalog [--rounds 9 ...]      only CatalogListBenchmark, options go to it
#   bench/run.sh provisioning [--installs ...] only ProvisioningBenchmark, options go to it
#
# Exits non-zero when the build, the server start or a benchmark failed.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
. "$ROOT/.mvn/java-home.sh"
JAVA="$JAVA_HOME/bin/java"
READY_TIMEOUT_SECONDS=90
LOG="$ROOT/bench/target/server.log"
BENCH_JAR="$ROOT/bench/target/catalyst-bench.jar"

WHICH=all
case "${1:-}" in
  catalog|provisioning) WHICH=$1; shift ;;
  "") ;;
  *) echo "bench: name the benchmark to pass options to: bench/run.sh catalog|provisioning [options]" >&2; exit 2 ;;
esac

cd "$ROOT"
echo "bench: building..." >&2
./mvnw -q -B -Dmaven.test.skip=true -Dspotless.check.skip=true -pl server,cli,bench -am package >&2

free_port() {
  for _ in $(seq 1 50); do
    port=$((20000 + RANDOM % 20000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return 0
    fi
  done
  echo "bench: no free port found on 127.0.0.1" >&2
  return 1
}

PORT=$(free_port)
BASE_URL="http://127.0.0.1:$PORT"
SERVER_PID=""
mkdir -p "$ROOT/bench/target"
DATA_DIR=$(mktemp -d "$ROOT/bench/target/data-XXXXXX")
stop_server() {
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill "$SERVER_PID" 2>/dev/null || true
    for _ in $(seq 1 50); do
      kill -0 "$SERVER_PID" 2>/dev/null || return 0
      sleep 0.2
    done
    kill -9 "$SERVER_PID" 2>/dev/null || true
  fi
}
cleanup() {
  stop_server
  rm -rf "$DATA_DIR"
}
trap cleanup EXIT

echo "bench: starting the server on $BASE_URL (log: $LOG)" >&2
mkdir -p "$(dirname "$LOG")"
# What ./catalyst server --port "$PORT" --data-dir "$DATA_DIR" runs, without its check for changed sources: the
# jar was just built, and a rebuild here would only eat into the time for getting ready.
"$JAVA" ${BENCH_SERVER_JAVA_OPTS:-} -Dcatalyst.catalog.path="$ROOT/blueprints" -Dcatalyst.data-dir="$DATA_DIR" -Dquarkus.http.port="$PORT" \
  -Dquarkus.http.host=127.0.0.1 -jar "$ROOT/server/target/quarkus-app/quarkus-run.jar" >"$LOG" 2>&1 &
SERVER_PID=$!

deadline=$((SECONDS + READY_TIMEOUT_SECONDS))
until curl -fsS -o /dev/null --max-time 2 "$BASE_URL/q/health/ready" 2>/dev/null; do
  if ! kill -0 "$SERVER_PID" 2>/dev/null || [ "$SECONDS" -ge "$deadline" ]; then
    echo "bench: the server did not get ready within ${READY_TIMEOUT_SECONDS}s; last log lines:" >&2
    tail -n 20 "$LOG" >&2
    exit 1
  fi
  sleep 0.5
done

if [ "$WHICH" != provisioning ]; then
  "$JAVA" -cp "$BENCH_JAR" io.openova.catalyst.bench.CatalogListBenchmark \
    --base-url "$BASE_URL" --results "$ROOT/bench/RESULTS.md" "$@"
fi
if [ "$WHICH" != catalog ]; then
  # The raw JGit reference writes its repositories on the same file system as the server's (--scratch).
  "$JAVA" -cp "$BENCH_JAR" io.openova.catalyst.bench.ProvisioningBenchmark \
    --base-url "$BASE_URL" --data-dir "$DATA_DIR" --scratch "$ROOT/bench/target" --server-pid "$SERVER_PID" \
    --results "$ROOT/bench/RESULTS.md" "$@"
fi
