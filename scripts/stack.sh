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
# shop-service shop-gateway, or `services` for the last five (infrastructure started elsewhere);
# redis with STACK_DTM_STORE=redis. With STACK_REPLICAS=N (default 1) `up` starts N of each
# service and N DTM servers: the first keeps the plain name and its ports, the others are
# <name>-2 ... <name>-N (e.g. stock-service-2, dtm-2), and each DTM after the first comes with a
# Consul client agent of its own, consul-2 ... consul-N (see "Running more than one of
# everything" in README.md). A named replica starts also without STACK_REPLICAS.
#
# STACK_DIR (default .stack/) holds data, logs, pids and the stack's branch token secret
# (branch-token.secrets); a new empty STACK_DIR means fresh demo data. STACK_BASELINES=true turns
# the benchmark baselines on. STACK_DTM_STORE (default mysql) is DTM's store: mysql (database dtm
# of the stack's MariaDB, tables from deploy/mysql/dtm-storage.sql), boltdb (a file per DTM, DTM's
# development store) or redis. DTM's settings are those of deploy/dtm/dtm.env, with only hosts
# and ports set here. Ports of our services live in each service's application.properties: this
# script finds the services through Consul, where they register themselves.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
STACK_DIR=${STACK_DIR:-$ROOT/.stack}
mkdir -p "$STACK_DIR"
STACK_DIR=$(cd "$STACK_DIR" && pwd)
BIN=${DTMSHOP_CACHE:-$HOME/.cache/dtm-shop}/bin

MYSQL_PORT=${STACK_MYSQL_PORT:-3306}
REDIS_PORT=6379
CONSUL_PORT=8500
CONSUL_SERF_LAN_PORT=8301
DTM_HTTP_PORT=36789
DTM_GRPC_PORT=36790
DTM_JSON_RPC_PORT=36791
# DTM's whole configuration, shared with docker-compose: only hosts and ports are set here.
DTM_ENV=$ROOT/deploy/dtm/dtm.env
DTM_STORAGE_SQL=$ROOT/deploy/mysql/dtm-storage.sql
DTM_STORE=${STACK_DTM_STORE:-mysql}
DB_USER=shop
DB_PASSWORD=shop
DATABASES="stock_db order_db payment_db shop_db"
# The Go branch service of the interop tests (integration-tests/src/test/go): its ledger, and the
# barrier table of DTM's Go client, which lives in a database of its own (dtm_barrier.barrier).
DATABASES="$DATABASES goledger_db dtm_barrier"
SERVICES="stock-service order-service payment-service shop-service shop-gateway"
REPLICAS=${STACK_REPLICAS:-1}
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

case $DTM_STORE in mysql|boltdb|redis) ;; *) die "STACK_DTM_STORE must be mysql, boltdb or redis, not $DTM_STORE" ;; esac
[[ $REPLICAS =~ ^[1-9][0-9]?$ ]] || die "STACK_REPLICAS must be a number from 1 to 99, not $REPLICAS"

# ---- replicas -----------------------------------------------------------------------------------
# The one place of the replica port scheme: instance i of a component listens on its first
# instance's ports + 100 * (i - 1) (stock-service-2: gRPC 9111, HTTP 8111; dtm-2: HTTP 36889,
# gRPC 36890; consul-2: HTTP 8600, Serf 8401). The first instance's ports are those of the
# service's application.properties (GRPC_PORT, HTTP_PORT defaults) and of DTM's and Consul's
# settings above.
REPLICA_PORT_STEP=100

# base_of NAME / index_of NAME: stock-service-2 -> stock-service / 2; stock-service -> stock-service / 1
base_of() { if [[ $1 =~ ^(.*)-([0-9]+)$ ]]; then echo "${BASH_REMATCH[1]}"; else echo "$1"; fi; }
index_of() { if [[ $1 =~ ^(.*)-([0-9]+)$ ]]; then echo "${BASH_REMATCH[2]}"; else echo 1; fi; }
# replica_port BASE_PORT INDEX
replica_port() { echo $(($1 + REPLICA_PORT_STEP * ($2 - 1))); }
# instance_name BASE INDEX: the plain name for the first instance
instance_name() { if [ "$2" -eq 1 ]; then echo "$1"; else echo "$1-$2"; fi; }

# service_port SERVICE GRPC|HTTP: the first instance's port, the default of GRPC_PORT / HTTP_PORT in
# the service's application.properties (the gateway has no gRPC port).
service_port() {
  local file=$ROOT/$1/src/main/resources/application.properties port
  port=$(grep -o "\${$2_PORT:[0-9]*}" "$file" | head -1 | tr -dc 0-9) || true
  echo "$port"
}

# The components `up` starts, in order: infrastructure, DTM servers, then each service's instances.
all_components() {
  local out="mariadb" i name
  [ "$DTM_STORE" = redis ] && out+=" redis"
  out+=" consul dtm"
  for ((i = 2; i <= REPLICAS; i++)); do out+=" consul-$i dtm-$i"; done
  for name in $SERVICES; do
    for ((i = 1; i <= REPLICAS; i++)); do out+=" $(instance_name "$name" "$i")"; done
  done
  echo "$out"
}

# The components with a pid file (started by `up`, whatever STACK_REPLICAS and STACK_DTM_STORE were
# then), in start order: redis after mariadb also when this call's STACK_DTM_STORE is another, so
# that `down` stops DTM's store after DTM, as it stops MariaDB after the services.
started_components() {
  local known out="" name f
  known=$(DTM_STORE=redis all_components)
  for name in $known; do [ -f "$PIDS/$name.pid" ] && out+=" $name"; done
  for f in "$PIDS"/*.pid; do
    [ -e "$f" ] || continue
    name=$(basename "$f" .pid)
    case " $known " in *" $name "*) ;; *) out+=" $name" ;; esac
  done
  echo "$out"
}

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

# consul_passing SERVICE [PORT]: Consul lists a passing instance of SERVICE (on PORT, if given).
# Asks the server agent: it holds the catalog of every node.
consul_passing() {
  local body
  body=$(curl -fsS "http://127.0.0.1:$CONSUL_PORT/v1/health/service/$1?passing=true") || return 1
  if [ -n "${2:-}" ]; then
    echo "$body" | tr -d ' \n' | grep -q "\"Port\":$2,"
  else
    [ "$body" != "[]" ]
  fi
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
    # DTM's store (below), granted whatever the store: DTM connects as the shop user (STORE_USER in
    # deploy/dtm/dtm.env), and without the grant a stack with boltdb or redis, which has no database
    # dtm, would answer shop-service's retention "access denied" instead of "unknown database".
    sql+="GRANT ALL ON dtm.* TO '$DB_USER'@'%'; GRANT ALL ON dtm.* TO '$DB_USER'@'localhost';"
    mysql_cli -e "$sql" || die "could not create the databases"
  fi
  # DTM's store: the database and tables docker-compose creates (02-dtm-storage.sql there), from the
  # same file, which creates only what is missing (a STACK_DIR first run with another store). With
  # boltdb or redis there is no database dtm: shop-service's retention of DTM's store says once that
  # there is nothing to clean.
  if [ "$DTM_STORE" = mysql ]; then
    mysql_cli < "$DTM_STORAGE_SQL" || die "could not create DTM's tables from $DTM_STORAGE_SQL"
  fi
}

up_redis() {
  require_port_free "$REDIS_PORT" redis
  command -v redis-server >/dev/null || die "redis-server is missing: run scripts/install-deps.sh"
  command -v redis-cli >/dev/null || die "redis-cli is missing: run scripts/install-deps.sh"
  mkdir -p "$STACK_DIR/redis"
  # appendonly: DTM's transactions survive a restart of redis, as they survive one of MariaDB
  start redis redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --dir "$STACK_DIR/redis" \
    --appendonly yes --save ''
  # PONG, not an open port: redis accepts connections while it still loads its append-only file,
  # and answers "LOADING" to every command until it has.
  wait_for redis redis_ready || die "redis did not start, see $LOGS/redis.log"
}

redis_ready() { [ "$(redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null)" = PONG ]; }

# consul: the server (a -dev agent) every service registers with, and DTM number 1. consul-N
# (N >= 2): a client agent joined to it, the "node" of dtm-N - DTM's kratos driver registers
# without a unique service ID, so two DTMs on one agent would overwrite each other's entry.
up_consul() {
  local name=$1 index http serf
  index=$(index_of "$name")
  http=$(replica_port $CONSUL_PORT "$index")
  serf=$(replica_port $CONSUL_SERF_LAN_PORT "$index")
  require_port_free "$http" "$name"
  require_port_free "$serf" "$name"
  if [ "$index" -eq 1 ]; then
    start "$name" "$BIN/consul" agent -dev -bind=127.0.0.1 -client=127.0.0.1 -http-port="$http" \
      -dns-port=-1 -grpc-port=-1 -grpc-tls-port=-1 -node=dtm-shop -log-level=warn
  else
    running consul || die "$name joins the Consul server: start consul first"
    mkdir -p "$STACK_DIR/$name"
    start "$name" "$BIN/consul" agent -data-dir="$STACK_DIR/$name" -node="dtm-shop-$index" \
      -bind=127.0.0.1 -client=127.0.0.1 -http-port="$http" -serf-lan-port="$serf" \
      -dns-port=-1 -grpc-port=-1 -grpc-tls-port=-1 -retry-join="127.0.0.1:$CONSUL_SERF_LAN_PORT" \
      -log-level=warn
  fi
  wait_for "$name" sh -c "curl -fsS http://127.0.0.1:$http/v1/status/leader | grep -q ':'" \
    || die "$name did not start, see $LOGS/$name.log"
}

# dtm_env: deploy/dtm/dtm.env's assignments, without comments and blank lines.
dtm_env() { grep -E '^[A-Z_]+=' "$DTM_ENV"; }

up_dtm() {
  local name=$1 index http grpc jsonrpc agent
  index=$(index_of "$name")
  http=$(replica_port $DTM_HTTP_PORT "$index")
  grpc=$(replica_port $DTM_GRPC_PORT "$index")
  jsonrpc=$(replica_port $DTM_JSON_RPC_PORT "$index")
  agent=$(replica_port $CONSUL_PORT "$index")
  [ "$index" -eq 1 ] || [ "$DTM_STORE" != boltdb ] \
    || die "$name needs a store it shares with dtm: boltdb is a file of one DTM (STACK_DTM_STORE=mysql or redis)"
  require_port_free "$grpc" "$name"
  require_port_free "$http" "$name"
  local consul_name; consul_name=$(instance_name consul "$index")
  running "$consul_name" || up_one "$consul_name"
  mkdir -p "$STACK_DIR/$name"
  local -a env
  mapfile -t env < <(dtm_env)
  # As in the seed article: the kratos driver registers DTM in Consul as dtm-service (with its
  # node's agent), and resolves our discovery:///service-name/... branch URLs through Consul.
  env+=("MICRO_SERVICE_TARGET=consul://127.0.0.1:$agent/dtm-service"
        "MICRO_SERVICE_END_POINT=grpc://127.0.0.1:$grpc"
        "HTTP_PORT=$http" "GRPC_PORT=$grpc" "JSON_RPC_PORT=$jsonrpc" "STORE_DRIVER=$DTM_STORE")
  case $DTM_STORE in
    mysql) env+=("STORE_HOST=127.0.0.1" "STORE_PORT=$MYSQL_PORT") ;;
    redis) env+=("STORE_HOST=127.0.0.1" "STORE_PORT=$REDIS_PORT" "STORE_USER=" "STORE_PASSWORD=") ;;
  esac
  # DTM reads its settings from the environment (no conf.yml); boltdb keeps its file in the
  # working directory: STACK_DIR/dtm/dtm.bolt
  (cd "$STACK_DIR/$name" && start "$name" env "${env[@]}" "$BIN/dtm")
  wait_for "$name" consul_passing dtm-service "$grpc" \
    || die "$name did not register in Consul, see $LOGS/$name.log"
  # DTM's HTTP API as dtm-http, and a check every second that dtm-service follows (the same
  # script docker-compose runs; it says why).
  CONSUL_HTTP=http://127.0.0.1:$agent DTM_HOST=127.0.0.1 DTM_HTTP_PORT=$http "$ROOT/deploy/dtm/register-http.sh" \
    >>"$LOGS/$name.log" 2>&1 || die "could not register the HTTP API of $name in Consul, see $LOGS/$name.log"
  wait_for "$name" dtm_passing "$http" "$grpc" || die "$name's HTTP API did not become passing in Consul"
}

# dtm_passing HTTP_PORT GRPC_PORT: the DTM server on these ports is passing in Consul, both entries.
dtm_passing() { consul_passing dtm-http "$1" && consul_passing dtm-service "$2"; }

# The secret the shop signs its transactions with and the branch services check (README "Trust
# boundary"): made once per stack, readable by its owner only. Tests that call branches directly
# read it from here. Several lines: the first signs, all verify (rotation).
ensure_branch_secret() {
  [ -s "$BRANCH_SECRETS" ] && return
  (umask 077; head -c 32 /dev/urandom | base64 > "$BRANCH_SECRETS")
}

up_service() {
  local name=$1 service index jar grpc http
  service=$(base_of "$name")
  index=$(index_of "$name")
  jar=$ROOT/$service/target/quarkus-app/quarkus-run.jar
  [ -f "$jar" ] || die "$jar is missing: run ./mvnw package -DskipTests first"
  ensure_branch_secret
  http=$(replica_port "$(service_port "$service" HTTP)" "$index")
  grpc=$(service_port "$service" GRPC)
  require_port_free "$http" "$name"
  if [ -n "$grpc" ]; then
    grpc=$(replica_port "$grpc" "$index")
    require_port_free "$grpc" "$name"
  fi
  # Everything but the gateway's HTTP port listens on the loopback address only: nothing but the
  # stack itself needs to reach the services (README "Trust boundary"). They register the
  # loopback address in Consul (SERVICE_ADDRESS).
  local http_host=127.0.0.1
  [ "$service" = shop-gateway ] && http_host=0.0.0.0
  # shellcheck disable=SC2086
  HTTP_PORT=$http GRPC_PORT=$grpc DB_PORT=$MYSQL_PORT DB_USER=$DB_USER DB_PASSWORD=$DB_PASSWORD \
    CONSUL_HOST=127.0.0.1 SERVICE_ADDRESS=127.0.0.1 QUARKUS_HTTP_HOST=$http_host QUARKUS_GRPC_SERVER_HOST=127.0.0.1 \
    DTMSHOP_BRANCH_TOKEN_SECRETS_FILE=$BRANCH_SECRETS DTMSHOP_BASELINE_ENABLED=$BASELINES \
    start "$name" java $JAVA_OPTS -jar "$jar"
  # the gateway registers its HTTP port, the others their gRPC port
  wait_for "$name" consul_passing "$service" "${grpc:-$http}" \
    || die "$name did not become healthy, see $LOGS/$name.log"
}

up_one() {
  if running "$1"; then log "$1 already running (pid $(pid_of "$1"))"; return; fi
  log "starting $1"
  case $(base_of "$1") in
    mariadb) up_mariadb ;;
    redis) up_redis ;;
    consul) up_consul "$1" ;;
    dtm) up_dtm "$1" ;;
    stock-service|order-service|payment-service|shop-service|shop-gateway) up_service "$1" ;;
    *) die "unknown component $1 (one of: $(all_components), or a replica <name>-N)" ;;
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
  for name in $(all_components) $(started_components); do
    case " ${seen:-} " in *" $name "*) continue ;; esac
    seen="${seen:-} $name"
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
# expand the `services` group: the five services, with their replicas
args=()
for a in "$@"; do
  if [ "$a" = services ]; then
    for name in $(all_components); do
      case " $SERVICES " in *" $(base_of "$name") "*) args+=("$name") ;; esac
    done
  else
    args+=("$a")
  fi
done
set -- ${args[@]+"${args[@]}"}
case $cmd in
  up)
    # refused before anything starts (up_dtm would refuse dtm-2 after consul-2 and the first instances)
    [ -n "${*:-}" ] || [ "$REPLICAS" -eq 1 ] || [ "$DTM_STORE" != boltdb ] \
      || die "STACK_REPLICAS=$REPLICAS needs a DTM store the DTM servers share: boltdb is a file of one DTM (STACK_DTM_STORE=mysql or redis)"
    targets=${*:-$(all_components)}
    for name in $targets; do up_one "$name"; done
    if [ -z "${*:-}" ]; then
      log "ready. STACK_DIR=$STACK_DIR (DTM store: $DTM_STORE, $REPLICAS of each service and of DTM)"
      log "  gateway:  http://$(consul_endpoint shop-gateway)  (Swagger UI at /q/swagger-ui)"
      log "  DTM UI:   http://127.0.0.1:$DTM_HTTP_PORT"
      log "  Consul:   http://127.0.0.1:$CONSUL_PORT/ui"
    fi
    ;;
  down)
    # everything started, replicas too; a DTM server's agent after it, the Consul server last
    for name in $(reverse ${*:-$(started_components)}); do down_one "$name"; done
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
  *) sed -n '2,26p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac
