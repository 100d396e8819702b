#!/usr/bin/env bash
# Builds Catalyst, starts the server on a free port of 127.0.0.1 with a fresh data directory under bench/target,
# runs the benchmarks against it (catalog list, marketplace page, then click-to-commit), stops the server; then, for
# the events benchmark, starts a nats-server with JetStream and the server again in JetStream mode, runs it, stops
# both. Each benchmark updates bench/RESULTS.md.
#
#   bench/run.sh                               all four benchmarks, default options
#   bench/run.sh catalog [--rounds 9 ...]      only CatalogListBenchmark, options go to it
#   bench/run.sh marketplace [--rounds 20 ...] only MarketplacePageBenchmark (headless Chromium), options go to it
#   bench/run.sh provisioning [--installs ...] only ProvisioningBenchmark, options go to it
#   bench/run.sh events [--clients ...]        only EventsBenchmark, options go to it
#
# BENCH_SERVER_JAVA_OPTS: extra JVM options of the server (a JFR recording, for example).
# Exits non-zero when the build, the start of the server or of nats-server, or a benchmark failed.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
. "$ROOT/.mvn/java-home.sh"
JAVA="$JAVA_HOME/bin/java"
READY_TIMEOUT_SECONDS=90
LOG="$ROOT/bench/target/server.log"
JETSTREAM_LOG="$ROOT/bench/target/server-jetstream.log"
NATS_LOG="$ROOT/bench/target/nats-server.log"
BENCH_JAR="$ROOT/bench/target/catalyst-bench.jar"
# Playwright's driver bundle (Node.js and its driver, 200 MB) stays out of the shaded jar; the build writes its path
# in the local Maven repository here, for the marketplace benchmark's class path.
PLAYWRIGHT_DRIVER_CLASSPATH="$ROOT/bench/target/playwright-driver.classpath"
CHROMIUM=${BENCH_CHROMIUM:-/usr/bin/chromium}
NATS_SERVER=${BENCH_NATS_SERVER:-/usr/sbin/nats-server}
# The Organization of the events benchmark: nats-server gets an account for it.
EVENTS_ORG=bench

WHICH=all
case "${1:-}" in
  catalog|marketplace|provisioning|events) WHICH=$1; shift ;;
  "") ;;
  *) echo "bench: name the benchmark to pass options to: bench/run.sh catalog|marketplace|provisioning|events [options]" >&2
     exit 2 ;;
esac
# Whether to run the benchmark $1: all of them, or the one named.
runs() {
  [ "$WHICH" = all ] || [ "$WHICH" = "$1" ]
}
if runs marketplace && [ ! -x "$CHROMIUM" ]; then
  echo "bench: the marketplace benchmark needs Chromium at $CHROMIUM (Debian: apt-get install chromium;" \
    "or set BENCH_CHROMIUM)" >&2
  exit 1
fi
if runs events; then
  if [ ! -x "$NATS_SERVER" ]; then
    echo "bench: the events benchmark needs nats-server at $NATS_SERVER (Debian: apt-get install nats-server;" \
      "or set BENCH_NATS_SERVER)" >&2
    exit 1
  fi
fi

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

stop_process() {
  local pid=$1
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do
      kill -0 "$pid" 2>/dev/null || return 0
      sleep 0.2
    done
    kill -9 "$pid" 2>/dev/null || true
  fi
}

SERVER_PID=""
DATA_DIR=""
NATS_PID=""
NATS_DIR=""
stop_server() {
  stop_process "$SERVER_PID"
  SERVER_PID=""
  if [ -n "$DATA_DIR" ]; then
    rm -rf "$DATA_DIR"
    DATA_DIR=""
  fi
}
stop_nats() {
  stop_process "$NATS_PID"
  NATS_PID=""
  if [ -n "$NATS_DIR" ]; then
    rm -rf "$NATS_DIR"
    NATS_DIR=""
  fi
}
cleanup() {
  stop_server
  stop_nats
}
trap cleanup EXIT
mkdir -p "$ROOT/bench/target"

# Starts the server on a free port with a fresh data directory, logging to $1; further arguments are JVM options.
# Sets BASE_URL, SERVER_PID and DATA_DIR.
start_server() {
  local port log=$1
  shift
  port=$(free_port)
  BASE_URL="http://127.0.0.1:$port"
  DATA_DIR=$(mktemp -d "$ROOT/bench/target/data-XXXXXX")
  echo "bench: starting the server on $BASE_URL (log: $log)" >&2
  # What ./catalyst server --port "$port" --data-dir "$DATA_DIR" runs, without its check for changed sources: the
  # jar was just built, and a rebuild here would only eat into the time for getting ready.
  "$JAVA" ${BENCH_SERVER_JAVA_OPTS:-} "$@" -Dcatalyst.catalog.path="$ROOT/blueprints" -Dcatalyst.data-dir="$DATA_DIR" \
    -Dquarkus.http.port="$port" -Dquarkus.http.host=127.0.0.1 -jar "$ROOT/server/target/quarkus-app/quarkus-run.jar" \
    >"$log" 2>&1 &
  SERVER_PID=$!
  local deadline=$((SECONDS + READY_TIMEOUT_SECONDS))
  until curl -fsS -o /dev/null --max-time 2 "$BASE_URL/q/health/ready" 2>/dev/null; do
    if ! kill -0 "$SERVER_PID" 2>/dev/null || [ "$SECONDS" -ge "$deadline" ]; then
      echo "bench: the server did not get ready within ${READY_TIMEOUT_SECONDS}s; last log lines:" >&2
      tail -n 20 "$log" >&2
      exit 1
    fi
    sleep 0.5
  done
  sign_in "$log"
}

# Logs in as the fresh server's Sovereign admin with the one-time password it printed at its first start, sets a new
# password (the first login must) and exports the session's token as CATALYST_TOKEN for the benchmarks.
sign_in() {
  local log=$1 once fresh answer
  once=$(sed -n 's/.*one-time password: \([^[:space:]]*\).*/\1/p' "$log" | head -n 1)
  if [ -z "$once" ]; then
    echo "bench: the server printed no one-time password; see $log" >&2
    exit 1
  fi
  fresh="bench-$(password)"
  answer=$(curl -fsS --max-time 30 -H 'Content-Type: application/json' \
    -d "{\"username\":\"admin\",\"password\":\"$once\"}" "$BASE_URL/api/v1/session")
  answer=$(curl -fsS --max-time 30 -H 'Content-Type: application/json' \
    -H "Authorization: Bearer $(json_token "$answer")" \
    -d "{\"currentPassword\":\"$once\",\"newPassword\":\"$fresh\"}" "$BASE_URL/api/v1/session/password")
  CATALYST_TOKEN=$(json_token "$answer")
  export CATALYST_TOKEN
}

# The "token" field of a session answer (a base64url string: no quotes or escapes inside).
json_token() {
  sed -n 's/.*"token":"\([^"]*\)".*/\1/p' <<<"$1"
}

password() {
  od -An -N12 -tx1 /dev/urandom | tr -d ' \n'
}

# Starts nats-server on a free loopback port with JetStream, a fresh store and the account model of docs/events.md
# for $EVENTS_ORG: the restricted runtime user the server connects as ($EVENTS_ORG-spine, in the credentials folder
# as $EVENTS_ORG.userpass) and the account's operator ($EVENTS_ORG-admin, in reference.userpass), whom the raw
# JetStream reference of the benchmark uses. Sets NATS_URL, NATS_DIR and NATS_PID.
start_nats() {
  local port spine admin stream
  port=$(free_port)
  NATS_URL="nats://127.0.0.1:$port"
  NATS_DIR=$(mktemp -d "$ROOT/bench/target/nats-XXXXXX")
  spine=$(password)
  admin=$(password)
  stream="CATALYST_$(echo "$EVENTS_ORG" | tr '[:lower:]' '[:upper:]')"
  mkdir -p "$NATS_DIR/credentials"
  (umask 077
    echo "$EVENTS_ORG-spine:$spine" >"$NATS_DIR/credentials/$EVENTS_ORG.userpass"
    echo "$EVENTS_ORG-admin:$admin" >"$NATS_DIR/reference.userpass"
    cat >"$NATS_DIR/nats-server.conf" <<CONF
listen: 127.0.0.1:$port
server_name: catalyst-bench
jetstream { store_dir: "$NATS_DIR/store", max_memory_store: 256M, max_file_store: 8G }
system_account: SYS
accounts {
  SYS: { users: [ { user: "system", password: "$(password)" } ] }
  $EVENTS_ORG: {
    jetstream: { max_memory: 64M, max_file: 4G }
    users: [
      { user: "$EVENTS_ORG-spine", password: "$spine", permissions: {
          publish: {
            allow: ["catalyst.$EVENTS_ORG.>", "\$JS.API.>", "\$JS.ACK.>", "\$JS.FC.>", "\$KV.>"]
            deny: ["\$JS.API.STREAM.DELETE.$stream", "\$JS.API.STREAM.PURGE.$stream",
                   "\$JS.API.STREAM.MSG.DELETE.$stream"]
          }
          subscribe: { allow: ["_INBOX.>"] } } }
      { user: "$EVENTS_ORG-admin", password: "$admin" }
    ]
  }
}
CONF
  )
  echo "bench: starting nats-server on $NATS_URL (log: $NATS_LOG)" >&2
  "$NATS_SERVER" -c "$NATS_DIR/nats-server.conf" >"$NATS_LOG" 2>&1 &
  NATS_PID=$!
  local deadline=$((SECONDS + 30))
  until grep -q "Server is ready" "$NATS_LOG" 2>/dev/null; do
    if ! kill -0 "$NATS_PID" 2>/dev/null || [ "$SECONDS" -ge "$deadline" ]; then
      echo "bench: nats-server did not get ready within 30s; last log lines:" >&2
      tail -n 20 "$NATS_LOG" >&2
      exit 1
    fi
    sleep 0.2
  done
}

if runs catalog || runs marketplace || runs provisioning; then
  start_server "$LOG"
  if runs catalog; then
    "$JAVA" -cp "$BENCH_JAR" io.openova.catalyst.bench.CatalogListBenchmark \
      --base-url "$BASE_URL" --results "$ROOT/bench/RESULTS.md" "$@"
  fi
  if runs marketplace; then
    # Before the installs of the click-to-commit benchmark: the marketplace reads only the catalog.
    "$JAVA" -cp "$BENCH_JAR:$(cat "$PLAYWRIGHT_DRIVER_CLASSPATH")" io.openova.catalyst.bench.MarketplacePageBenchmark \
      --base-url "$BASE_URL" --chromium "$CHROMIUM" --results "$ROOT/bench/RESULTS.md" "$@"
  fi
  if runs provisioning; then
    # The raw JGit reference writes its repositories on the same file system as the server's (--scratch).
    "$JAVA" -cp "$BENCH_JAR" io.openova.catalyst.bench.ProvisioningBenchmark \
      --base-url "$BASE_URL" --data-dir "$DATA_DIR" --scratch "$ROOT/bench/target" --server-pid "$SERVER_PID" \
      --results "$ROOT/bench/RESULTS.md" "$@"
    if [ $# -eq 0 ]; then
      # The latency of one click on an otherwise idle server: one client, its own row.
      "$JAVA" -cp "$BENCH_JAR" io.openova.catalyst.bench.ProvisioningBenchmark \
        --base-url "$BASE_URL" --data-dir "$DATA_DIR" --scratch "$ROOT/bench/target" --server-pid "$SERVER_PID" \
        --results "$ROOT/bench/RESULTS.md" --clients 1 --environments 20 --installs 300 --warmup-installs 300
    fi
  fi
  stop_server
fi
if runs events; then
  start_nats
  start_server "$JETSTREAM_LOG" -Dcatalyst.events.nats-servers="$NATS_URL" -Dcatalyst.events.nats-credentials="$NATS_DIR/credentials"
  # The raw JetStream reference runs on the same nats-server, in the same account, as its operator.
  "$JAVA" -cp "$BENCH_JAR" io.openova.catalyst.bench.EventsBenchmark \
    --base-url "$BASE_URL" --org "$EVENTS_ORG" --nats-url "$NATS_URL" --nats-user-file "$NATS_DIR/reference.userpass" \
    --server-pid "$SERVER_PID" --nats-pid "$NATS_PID" --results "$ROOT/bench/RESULTS.md" "$@"
  stop_server
  stop_nats
fi
