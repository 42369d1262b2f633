#!/usr/bin/env bash
# Runs the whole shop without Docker, from local binaries (scripts/install-deps.sh) and the
# packaged services (./mvnw package).
#
#   scripts/stack.sh up [COMPONENT...]     start (all, or the named ones) and wait until healthy
#   scripts/stack.sh down [COMPONENT...]   stop what `up` started (SIGTERM, then SIGKILL)
#   scripts/stack.sh kill COMPONENT...     kill -9, as a crash would
#   scripts/stack.sh pause COMPONENT...    SIGSTOP, as a hung process would (connections stay open)
#   scripts/stack.sh resume COMPONENT...   SIGCONT after pause
#   scripts/stack.sh status                what runs, and what Consul knows
#
# COMPONENT is one of: mariadb consul dtm stock-service order-service payment-service
# shop-service shop-gateway, or `services` for the last five (infrastructure started elsewhere).
#
# STACK_DIR (default .stack/) holds data, logs, pids and the stack's branch token secret
# (branch-token.secrets); a new empty STACK_DIR means fresh demo data. STACK_BASELINES=true turns
# the benchmark baselines on. Ports of our services live in each service's application.properties: this script finds
# the services through Consul, where they register themselves.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
STACK_DIR=${STACK_DIR:-$ROOT/.stack}
mkdir -p "$STACK_DIR"
STACK_DIR=$(cd "$STACK_DIR" && pwd)
BIN=${DTMSHOP_CACHE:-$HOME/.cache/dtm-shop}/bin

MYSQL_PORT=${STACK_MYSQL_PORT:-3306}
CONSUL_PORT=8500
DTM_HTTP_PORT=36789
DTM_GRPC_PORT=36790
DB_USER=shop
DB_PASSWORD=shop
DATABASES="stock_db order_db payment_db shop_db"
# The Go branch service of the interop tests (integration-tests/src/test/go): its ledger, and the
# barrier table of DTM's Go client, which lives in a database of its own (dtm_barrier.barrier).
DATABASES="$DATABASES goledger_db dtm_barrier"
SERVICES="stock-service order-service payment-service shop-service shop-gateway"
ALL="mariadb consul dtm $SERVICES"
JAVA_OPTS=${STACK_JAVA_OPTS:--Xmx256m -XX:+UseSerialGC}
# The benchmark baselines move stock and money without DTM: off unless asked for (scripts/bench.sh does).
BASELINES=${STACK_BASELINES:-false}
WAIT_SECONDS=${STACK_WAIT_SECONDS:-120}

LOGS=$STACK_DIR/logs
PIDS=$STACK_DIR/pids
BRANCH_SECRETS=$STACK_DIR/branch-token.secrets
mkdir -p "$LOGS" "$PIDS"

log() { echo "[stack] $*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# A pid file holds "PID STARTTIME" (field 22 of /proc/PID/stat): a pid the system reused for
# another process after a crash does not count as ours.
start_time() { awk '{print $22}' "/proc/$1/stat" 2>/dev/null; }
pid_of() {
  local pid started
  [ -f "$PIDS/$1.pid" ] || return 0
  read -r pid started < "$PIDS/$1.pid" || return 0
  [ -n "$pid" ] && [ "$(start_time "$pid")" = "$started" ] && echo "$pid"
  return 0
}
running() { [ -n "$(pid_of "$1")" ]; }

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
require_port_free() {
  port_free "$1" || die "port $1 is already in use, so $2 cannot start (another stack running? scripts/stack.sh down)"
}

# wait_for COMPONENT COMMAND...: polls COMMAND every half second, at most WAIT_SECONDS, and gives up
# at once when the component's process has exited.
wait_for() {
  local what=$1; shift
  local deadline=$((SECONDS + WAIT_SECONDS))
  until "$@" >/dev/null 2>&1; do
    if ! running "$what"; then
      log "$what exited while starting"
      return 1
    fi
    if [ $SECONDS -ge $deadline ]; then
      log "gave up waiting for $what after ${WAIT_SECONDS}s"
      return 1
    fi
    sleep 0.5
  done
}

# start NAME COMMAND...: runs COMMAND in the background, in its own session, logging to logs/NAME.log.
start() {
  local name=$1; shift
  setsid "$@" >>"$LOGS/$name.log" 2>&1 < /dev/null &
  local pid=$!
  echo "$pid $(start_time "$pid")" > "$PIDS/$name.pid"
}

# mariadb-install-db gives the OS user who ran it a socket-authenticated account: no password.
mysql_cli() { mariadb --protocol=socket --socket="$STACK_DIR/mysql.sock" "$@"; }

consul_passing() {
  local body
  body=$(curl -fsS "http://127.0.0.1:$CONSUL_PORT/v1/health/service/$1?passing=true") || return 1
  [ "$body" != "[]" ]
}

consul_endpoint() {
  local body address port
  body=$(curl -fsS "http://127.0.0.1:$CONSUL_PORT/v1/catalog/service/$1") || return 1
  address=$(echo "$body" | grep -o '"ServiceAddress": *"[^"]*"' | head -1 | cut -d'"' -f4)
  port=$(echo "$body" | grep -o '"ServicePort": *[0-9]*' | head -1 | tr -dc 0-9)
  echo "$address:$port"
}

up_mariadb() {
  require_port_free "$MYSQL_PORT" mariadb
  local data=$STACK_DIR/mysql fresh=""
  if [ ! -d "$data/mysql" ]; then
    fresh=1
    mkdir -p "$data"
    mariadb-install-db --no-defaults --datadir="$data" --auth-root-authentication-method=socket \
      --skip-test-db ${USER_FLAG} >>"$LOGS/mariadb.log" 2>&1 || die "mariadb-install-db failed, see $LOGS/mariadb.log"
  fi
  start mariadb "$MARIADBD" --no-defaults --datadir="$data" --socket="$STACK_DIR/mysql.sock" \
    --port="$MYSQL_PORT" --bind-address=127.0.0.1 --pid-file="$STACK_DIR/mysql.pid" \
    --log-error="$LOGS/mariadb.err" --innodb-buffer-pool-size=128M --max-connections=500 ${USER_FLAG}
  wait_for mariadb mysql_cli -e 'select 1' || die "MariaDB did not start, see $LOGS/mariadb.err and $LOGS/mariadb.log"
  if [ -n "$fresh" ]; then
    local db sql="CREATE USER IF NOT EXISTS '$DB_USER'@'%' IDENTIFIED BY '$DB_PASSWORD';"
    sql+="CREATE USER IF NOT EXISTS '$DB_USER'@'localhost' IDENTIFIED BY '$DB_PASSWORD';"
    for db in $DATABASES; do
      sql+="CREATE DATABASE IF NOT EXISTS $db;"
      sql+="GRANT ALL ON $db.* TO '$DB_USER'@'%'; GRANT ALL ON $db.* TO '$DB_USER'@'localhost';"
    done
    # XA RECOVER lists prepared branches; our services need it to finish XA branches after a restart.
    sql+="GRANT SUPER ON *.* TO '$DB_USER'@'%'; GRANT SUPER ON *.* TO '$DB_USER'@'localhost';"
    mysql_cli -e "$sql" || die "could not create the databases"
  fi
}

up_consul() {
  require_port_free "$CONSUL_PORT" consul
  start consul "$BIN/consul" agent -dev -bind=127.0.0.1 -client=127.0.0.1 -http-port="$CONSUL_PORT" \
    -dns-port=-1 -grpc-port=-1 -grpc-tls-port=-1 -node=dtm-shop -log-level=warn
  wait_for consul sh -c "curl -fsS http://127.0.0.1:$CONSUL_PORT/v1/status/leader | grep -q ':'" \
    || die "Consul did not start, see $LOGS/consul.log"
}

up_dtm() {
  require_port_free "$DTM_GRPC_PORT" dtm
  require_port_free "$DTM_HTTP_PORT" dtm
  mkdir -p "$STACK_DIR/dtm"
  # As in the seed article: the kratos driver registers DTM in Consul as dtm-service, and
  # resolves our discovery:///service-name/... branch URLs through Consul.
  # RequestTimeout: seconds DTM waits for a branch call (default 3), and a saga's Submit waits
  # RequestTimeout + 2 for its branches. The first call a JVM serves took up to 4.7 s on a busy
  # 2-core machine (0.7-2.3 s when calmer); our services warm up before Consul lists them, but a
  # branch method the warm-up did not take can still be that slow. 8 leaves room for it and keeps
  # the saga's 10 s below the shop's 15 s deadline for Submit (dtmshop.purchase.timeout).
  cat > "$STACK_DIR/dtm/conf.yml" <<YML
MicroService:
  Driver: 'dtm-driver-kratos'
  Target: 'consul://127.0.0.1:$CONSUL_PORT/dtm-service'
  EndPoint: 'grpc://127.0.0.1:$DTM_GRPC_PORT'
Store:
  Driver: 'boltdb'
HttpPort: $DTM_HTTP_PORT
GrpcPort: $DTM_GRPC_PORT
RetryInterval: ${STACK_DTM_RETRY_INTERVAL:-10}
RequestTimeout: ${STACK_DTM_REQUEST_TIMEOUT:-8}
TimeoutToFail: ${STACK_DTM_TIMEOUT_TO_FAIL:-35}
TransCronInterval: ${STACK_DTM_CRON_INTERVAL:-1}
LogLevel: 'info'
YML
  # boltdb keeps its file in the working directory: STACK_DIR/dtm/dtm.bolt
  (cd "$STACK_DIR/dtm" && start dtm "$BIN/dtm" -c conf.yml)
  wait_for dtm consul_passing dtm-service || die "DTM did not register in Consul, see $LOGS/dtm.log"
}

# The secret the shop signs its transactions with and the branch services check (README "Trust
# boundary"): made once per stack, readable by its owner only. Tests that call branches directly
# read it from here. Several lines: the first signs, all verify (rotation).
ensure_branch_secret() {
  [ -s "$BRANCH_SECRETS" ] && return
  (umask 077; head -c 32 /dev/urandom | base64 > "$BRANCH_SECRETS")
}

up_service() {
  local name=$1 jar=$ROOT/$1/target/quarkus-app/quarkus-run.jar
  [ -f "$jar" ] || die "$jar is missing: run ./mvnw package -DskipTests first"
  ensure_branch_secret
  # Everything but the gateway's HTTP port listens on the loopback address only: nothing but the
  # stack itself needs to reach the services (README "Trust boundary").
  local http_host=127.0.0.1
  [ "$name" = shop-gateway ] && http_host=0.0.0.0
  # shellcheck disable=SC2086
  DB_PORT=$MYSQL_PORT DB_USER=$DB_USER DB_PASSWORD=$DB_PASSWORD CONSUL_HOST=127.0.0.1 \
    QUARKUS_HTTP_HOST=$http_host QUARKUS_GRPC_SERVER_HOST=127.0.0.1 \
    DTMSHOP_BRANCH_TOKEN_SECRETS_FILE=$BRANCH_SECRETS DTMSHOP_BASELINE_ENABLED=$BASELINES \
    start "$name" java $JAVA_OPTS -jar "$jar"
  wait_for "$name" consul_passing "$name" || die "$name did not become healthy, see $LOGS/$name.log"
}

up_one() {
  if running "$1"; then log "$1 already running (pid $(pid_of "$1"))"; return; fi
  log "starting $1"
  case $1 in
    mariadb) up_mariadb ;;
    consul) up_consul ;;
    dtm) up_dtm ;;
    *-service|shop-gateway) up_service "$1" ;;
    *) die "unknown component $1 (one of: $ALL)" ;;
  esac
}

down_one() {
  local name=$1 pid
  pid=$(pid_of "$name")
  if [ -z "$pid" ] || ! kill -0 "$pid" 2>/dev/null; then rm -f "$PIDS/$name.pid"; return; fi
  log "stopping $name (pid $pid)"
  kill -TERM "$pid" 2>/dev/null || true
  local deadline=$((SECONDS + 30))
  while kill -0 "$pid" 2>/dev/null; do
    if [ $SECONDS -ge $deadline ]; then log "$name ignored SIGTERM for 30s; killing it"; kill -KILL "$pid" 2>/dev/null || true; fi
    sleep 0.2
  done
  rm -f "$PIDS/$name.pid"
}

kill_one() {
  local name=$1 pid
  pid=$(pid_of "$name")
  [ -n "$pid" ] || die "$name is not running"
  log "kill -9 $name (pid $pid)"
  kill -KILL "$pid" 2>/dev/null || true
  while kill -0 "$pid" 2>/dev/null; do sleep 0.1; done
  rm -f "$PIDS/$name.pid"
}

# signal_one NAME SIGNAL: pause (STOP) or resume (CONT) a running component.
signal_one() {
  local name=$1 pid
  pid=$(pid_of "$name")
  [ -n "$pid" ] || die "$name is not running"
  log "kill -$2 $name (pid $pid)"
  kill -"$2" "$pid"
}

reverse() { local out="" w; for w in "$@"; do out="$w $out"; done; echo $out; }

status() {
  local name
  for name in $ALL; do
    if running "$name"; then echo "$name: running (pid $(pid_of "$name"))"; else echo "$name: stopped"; fi
  done
  if curl -fsS "http://127.0.0.1:$CONSUL_PORT/v1/catalog/services" >/dev/null 2>&1; then
    echo "Consul services: $(curl -fsS "http://127.0.0.1:$CONSUL_PORT/v1/catalog/services")"
  fi
}

USER_FLAG=""
[ "$(id -u)" -ne 0 ] || USER_FLAG="--user=root"
MARIADBD=$(command -v mariadbd || echo /usr/sbin/mariadbd)
for tool in curl setsid mariadb mariadb-install-db; do
  command -v "$tool" >/dev/null || die "$tool is missing: run scripts/install-deps.sh"
done

cmd=${1:-}; shift || true
# expand the `services` group
args=()
for a in "$@"; do
  if [ "$a" = services ]; then args+=($SERVICES); else args+=("$a"); fi
done
set -- ${args[@]+"${args[@]}"}
case $cmd in
  up)
    targets=${*:-$ALL}
    for name in $targets; do up_one "$name"; done
    if [ -z "${*:-}" ]; then
      log "ready. STACK_DIR=$STACK_DIR"
      log "  gateway:  http://$(consul_endpoint shop-gateway)  (Swagger UI at /q/swagger-ui)"
      log "  DTM UI:   http://127.0.0.1:$DTM_HTTP_PORT"
      log "  Consul:   http://127.0.0.1:$CONSUL_PORT/ui"
    fi
    ;;
  down)
    for name in $(reverse ${*:-$ALL}); do down_one "$name"; done
    ;;
  kill)
    [ $# -gt 0 ] || die "kill needs a component"
    for name in "$@"; do kill_one "$name"; done
    ;;
  pause|resume)
    [ $# -gt 0 ] || die "$cmd needs a component"
    for name in "$@"; do signal_one "$name" "$([ "$cmd" = pause ] && echo STOP || echo CONT)"; done
    ;;
  status) status ;;
  *) sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac
