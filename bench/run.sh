#!/usr/bin/env bash
# Builds Catalyst, starts the server on a free port of 127.0.0.1, runs the catalog-list benchmark against it,
# stops the server and updates bench/RESULTS.md. Extra arguments go to the benchmark (e.g. --seconds 6).
# Exits non-zero when the build, the server start or the benchmark failed.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
. "$ROOT/.mvn/java-home.sh"
JAVA="$JAVA_HOME/bin/java"
READY_TIMEOUT_SECONDS=90
LOG="$ROOT/bench/target/server.log"

cd "$ROOT"
echo "bench: building..." >&2
./mvnw -q -B -DskipTests -Dspotless.check.skip=true -pl server,cli,bench -am package >&2

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
trap stop_server EXIT

echo "bench: starting the server on $BASE_URL (log: $LOG)" >&2
mkdir -p "$(dirname "$LOG")"
./catalyst server --port "$PORT" -Dquarkus.http.host=127.0.0.1 >"$LOG" 2>&1 &
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

"$JAVA" -cp "$ROOT/bench/target/classes" io.openova.catalyst.bench.CatalogListBenchmark \
  --base-url "$BASE_URL" --results "$ROOT/bench/RESULTS.md" "$@"
