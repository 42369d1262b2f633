#!/usr/bin/env bash
# Benchmarks every DTM mode, and two baselines that are no modes, through the gateway with wrk.
#
#   scripts/bench.sh [--duration S] [--concurrency N] [--warmup S] [--stack-warmup S] [--modes M[,M...]]
#                    [--fresh] [--keep-stack]
#
#   --duration S      measured seconds per mode (default 15, at most 300)
#   --concurrency N   open connections, i.e. purchases in flight (default 8, at most 256)
#   --warmup S        seconds of load before each mode that are not counted (default 3)
#   --stack-warmup S  seconds of load per mode, all modes in turn, before the first measured mode
#                     (default 10): the JVMs' JIT is still compiling long after the stack is up
#   --modes LIST      comma-separated subset of: direct local 2pm saga tcc xa workflow-saga
#                     workflow-tcc workflow-xa workflow-mixed (default: all, in that order)
#   --fresh           stop the stack of STACK_DIR, wipe STACK_DIR, start it again (scripts/stack.sh)
#                     and stop it when done (unless --keep-stack); without it the bench uses
#                     whatever runs on this machine, found through Consul, and starts nothing
#
# Baselines: `direct` = the three gRPC calls with no DTM and no barrier (NOT consistent);
# `local` = the same rows in one local database transaction (a monolith's). Each mode's
# throughput is shown as a ratio of both.
#
# Fixtures: the bench inserts its own products and accounts (huge stock and balance) with the
# `mariadb` client, so it neither needs nor disturbs the demo data; each request buys 1 unit for a
# random pair of them. Writes bench-results/<UTC time>/: wrk-<mode>.txt (raw), results.md (the
# table, also printed), results.png (chart), cpu.md / cpu.csv (CPU per process and mode, when the
# stack's pid files are in STACK_DIR) and audit.json. Then asks GET /shop/audit whether the data (without
# --fresh: its own, and DTM) is consistent. Needs wrk, gnuplot, curl, mariadb (apt-get when missing, as root).
#
# The stack uses fixed ports: run it under the stack lock when others share the machine, e.g.
#   flock /tmp/dtmshop-stack.lock scripts/bench.sh --fresh
# Environment: STACK_DIR (default .stack-bench/ with --fresh, else .stack/; for the CPU figures),
# STACK_MYSQL_PORT (default 3306), BENCH_ROWS (fixture pairs, default 16).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
CONSUL_PORT=8500
DB_PORT=${STACK_MYSQL_PORT:-3306}
DB_USER=shop
DB_PASSWORD=shop
ROWS=${BENCH_ROWS:-16}
ALL_MODES="direct local 2pm saga tcc xa workflow-saga workflow-tcc workflow-xa workflow-mixed"
MAX_DURATION=300
MAX_TOTAL=3600

duration=15
concurrency=8
warmup=3
stack_warmup=10
modes=$ALL_MODES
fresh=""
keep_stack=""

log() { echo "[bench] $*" >&2; }
die() { log "ERROR: $*"; exit 1; }
usage() { sed -n '2,32p' "$0" | sed 's/^# \{0,1\}//'; exit "${1:-2}"; }
is_count() { [[ $1 =~ ^[0-9]+$ ]] && [ "$1" -ge "$2" ] && [ "$1" -le "$3" ]; }

while [ $# -gt 0 ]; do
  case $1 in
    --duration) duration=${2:-}; shift 2 ;;
    --concurrency) concurrency=${2:-}; shift 2 ;;
    --warmup) warmup=${2:-}; shift 2 ;;
    --stack-warmup) stack_warmup=${2:-}; shift 2 ;;
    --modes) modes=${2//,/ }; shift 2 ;;
    --fresh) fresh=1; shift ;;
    --keep-stack) keep_stack=1; shift ;;
    -h|--help) usage 0 ;;
    *) log "unknown option $1"; usage ;;
  esac
done
is_count "$duration" 1 $MAX_DURATION || die "--duration must be 1..$MAX_DURATION seconds"
is_count "$concurrency" 1 256 || die "--concurrency must be 1..256"
is_count "$warmup" 0 60 || die "--warmup must be 0..60 seconds"
is_count "$stack_warmup" 0 60 || die "--stack-warmup must be 0..60 seconds"
is_count "$ROWS" 1 1000 || die "BENCH_ROWS must be 1..1000"
for mode in $modes; do
  [[ " $ALL_MODES " == *" $mode "* ]] || die "unknown mode $mode (one of: $ALL_MODES)"
done
# A fresh stack of its own, by default apart from the one `scripts/stack.sh up` starts in .stack/;
# without --fresh, the stack.sh default, to find the pids of the running stack (start it with
# STACK_BASELINES=true for the direct and local rows).
if [ -n "$fresh" ]; then
  export STACK_DIR=${STACK_DIR:-$ROOT/.stack-bench}
  # the direct and local baselines are off in a stack unless asked for
  export STACK_BASELINES=true
else
  export STACK_DIR=${STACK_DIR:-$ROOT/.stack}
fi
mode_count=$(wc -w <<<"$modes")
[ $(( (duration + warmup + stack_warmup) * mode_count )) -le $MAX_TOTAL ] \
  || die "$mode_count modes x $((duration + warmup + stack_warmup))s is more than ${MAX_TOTAL}s in all"

# The gateway path of each mode; the modes' names are the ones the shop answers with.
path_of() {
  case $1 in
    direct|local) echo "/shop/baseline/$1" ;;
    workflow-*) echo "/shop/workflow/${1#workflow-}" ;;
    *) echo "/shop/$1" ;;
  esac
}

install_missing() {
  local missing=() tool package
  for tool in wrk:wrk gnuplot:gnuplot-nox curl:curl mariadb:mariadb-client; do
    command -v "${tool%%:*}" >/dev/null || missing+=("${tool#*:}")
  done
  [ ${#missing[@]} -eq 0 ] && return
  [ "$(id -u)" -eq 0 ] || die "missing ${missing[*]}: sudo apt-get install -y ${missing[*]}"
  log "installing ${missing[*]}"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null \
    || die "could not install ${missing[*]}"
}

sql() { mariadb --protocol=tcp -h127.0.0.1 -P"$DB_PORT" -u"$DB_USER" -p"$DB_PASSWORD" -N -B "$@"; }

# Whether TABLE in DATABASE has COLUMN: the audit's columns (initial_quantity,
# initial_balance_cents) exist only in schemas that have them.
has_column() {
  [ "$(sql -e "SELECT COUNT(*) FROM information_schema.columns WHERE table_schema='$1' AND table_name='$2' AND column_name='$3'")" = 1 ]
}

# create_fixtures: ROWS products with a stock no run can exhaust and ROWS accounts whose balance
# no run can spend (at 1 unit of 1.00 per purchase); prints "PRODUCT_IDS USER_IDS", comma-separated.
create_fixtures() {
  local stock=1000000000 balance=1000000000000000 price=100 tag i product user products="" users=""
  local stock_cols="product_id, quantity" stock_vals account_cols="user_id, balance_cents" account_vals
  has_column stock_db stock initial_quantity && stock_cols+=", initial_quantity"
  has_column payment_db account initial_balance_cents && account_cols+=", initial_balance_cents"
  tag="bench $(date -u +%Y%m%dT%H%M%SZ)"
  for ((i = 1; i <= ROWS; i++)); do
    stock_vals="@p, $stock"; [[ $stock_cols == *initial_quantity ]] && stock_vals+=", $stock"
    product=$(sql stock_db -e "INSERT INTO product (name, price_cents) VALUES ('$tag #$i', $price);
      SET @p = LAST_INSERT_ID(); INSERT INTO stock ($stock_cols) VALUES ($stock_vals); SELECT @p;")
    account_vals="@u, $balance"; [[ $account_cols == *initial_balance_cents ]] && account_vals+=", $balance"
    user=$(sql payment_db -e "SELECT GREATEST(COALESCE(MAX(user_id), 0), 100000) + 1 INTO @u FROM account;
      INSERT INTO account ($account_cols) VALUES ($account_vals); SELECT @u;")
    products+="${products:+,}$product"
    users+="${users:+,}$user"
  done
  echo "$products $users"
}

# --- CPU per process: utime + stime of /proc/PID/stat, in clock ticks, for each stack process ---
CLK_TCK=$(getconf CLK_TCK)
COMPONENTS="dtm mariadb stock-service order-service payment-service shop-service shop-gateway"
stack_pid() {
  local pid started
  [ -f "$STACK_DIR/pids/$1.pid" ] || return 0
  read -r pid started < "$STACK_DIR/pids/$1.pid" || return 0
  [ -n "$pid" ] && [ "$(awk '{print $22}' "/proc/$pid/stat" 2>/dev/null)" = "$started" ] && echo "$pid"
  return 0
}
# cpu_ticks: one line "component ticks" per running component, and "machine busy total" from /proc/stat
cpu_ticks() {
  local name pid
  for name in $COMPONENTS; do
    pid=$(stack_pid "$name")
    # comm may contain spaces: the fields after the last ')' start at field 3 (state)
    [ -n "$pid" ] && echo "$name $(sed 's/.*) //' "/proc/$pid/stat" | awk '{print $12 + $13}')"
  done
  awk '/^cpu / {busy = $2 + $3 + $4 + $7 + $8 + $9; print "machine", busy, busy + $5 + $6}' /proc/stat
}

# --- the stack ---
stack() { "$ROOT/scripts/stack.sh" "$@"; }
stop_stack() { log "stopping the stack in $STACK_DIR"; stack down || true; }
if [ -n "$fresh" ]; then
  install_missing
  log "fresh stack in $STACK_DIR"
  stack down
  rm -rf "$STACK_DIR"
  [ -n "$keep_stack" ] || trap stop_stack EXIT
  stack up
else
  install_missing
fi

gateway=$(curl -fsS "http://127.0.0.1:$CONSUL_PORT/v1/catalog/service/shop-gateway" 2>/dev/null \
  | jq -r 'first | "\(.ServiceAddress):\(.ServicePort)"' 2>/dev/null || true)
[ -n "$gateway" ] && [ "$gateway" != null:null ] || die "no shop-gateway in Consul at 127.0.0.1:$CONSUL_PORT: is the stack up? (--fresh starts one)"
case ${gateway%:*} in
  127.*|localhost|::1) ;;
  *) die "the gateway registered at $gateway, not on a loopback address: the bench only loads this machine" ;;
esac
URL="http://$gateway"
curl -fsS -o /dev/null "$URL/q/health/ready" || die "the gateway at $URL is not ready"

OUT=$ROOT/bench-results/$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$OUT"
log "results in $OUT"
read -r PRODUCTS USERS < <(create_fixtures) || true
[ -n "${USERS:-}" ] || die "could not create the fixtures in the database on 127.0.0.1:$DB_PORT"
log "fixtures: products $PRODUCTS, users $USERS"

threads=$(( concurrency < 2 ? 1 : 2 ))
track_cpu=""
[ -n "$(stack_pid shop-service)" ] && track_cpu=1 || log "no pid files of a running stack in $STACK_DIR: no CPU figures"

# run_wrk MODE SECONDS OUTPUT: also writes OUTPUT.cpu, wrk's own CPU seconds (the subshell's
# `times`: its children's user and system time), since wrk shares the machine with the stack.
run_wrk() {
  ( wrk -t"$threads" -c"$concurrency" -d"$2s" --timeout 30s -s "$ROOT/scripts/bench/purchase.lua" \
      "$URL$(path_of "$1")" -- "$PRODUCTS" "$USERS" > "$3" 2>&1 || exit 1
    # not `times | awk`: in a pipeline `times` runs in a subshell of its own, without children
    times > "$3.cpu"
    awk 'NR == 2 { for (i = 1; i <= 2; i++) { split($i, t, /[ms]/); sum += t[1] * 60 + t[2] } printf "%.2f\n", sum }' \
      "$3.cpu" > "$3.cpu.tmp" && mv "$3.cpu.tmp" "$3.cpu"
  ) || die "wrk failed for $1, see $3"
}

# A stack just started runs its first calls of each kind many times slower (class loading, JIT,
# the first gRPC channels, on 2 cores shared by 5 JVMs), and the JIT goes on compiling for minutes:
# with 3 s per mode the gateway still spent twice the CPU per request in the first mode as in the
# last. So every mode runs a while before the first one is measured.
if [ "$stack_warmup" -gt 0 ]; then
  for mode in $modes; do
    log "warming the stack up: $mode ${stack_warmup}s"
    run_wrk "$mode" "$stack_warmup" "$OUT/warmup-stack-$mode.txt"
  done
fi

echo "mode,component,cpu_seconds,seconds" > "$OUT/cpu.csv"
for mode in $modes; do
  if [ "$warmup" -gt 0 ]; then
    log "$mode: warm-up ${warmup}s"
    run_wrk "$mode" "$warmup" "$OUT/warmup-$mode.txt"
  fi
  log "$mode: ${duration}s at concurrency $concurrency"
  [ -z "$track_cpu" ] || cpu_ticks > "$OUT/.cpu-before"
  run_wrk "$mode" "$duration" "$OUT/wrk-$mode.txt"
  if [ -n "$track_cpu" ]; then
    cpu_ticks > "$OUT/.cpu-after"
    seconds=$(grep -o 'seconds=[0-9.]*' "$OUT/wrk-$mode.txt" | cut -d= -f2)
    awk -v mode="$mode" -v tck="$CLK_TCK" -v s="$seconds" -v cores="$(nproc)" '
      NR == FNR { before[$1] = $2; total[$1] = $3; next }
      $1 == "machine" { printf "%s,machine-busy-cores,%.2f,%s\n", mode, ($2 - before[$1]) / ($3 - total[$1]) * cores * s, s; next }
      { printf "%s,%s,%.2f,%s\n", mode, $1, ($2 - before[$1]) / tck, s }' \
      "$OUT/.cpu-before" "$OUT/.cpu-after" >> "$OUT/cpu.csv"
    echo "$mode,wrk,$(cat "$OUT/wrk-$mode.txt.cpu"),$seconds" >> "$OUT/cpu.csv"
    # the rest of the machine's busy time: other users of this machine, the kernel, Consul
    awk -F, -v m="$mode" '$1 == m { if ($2 == "machine-busy-cores") busy = $3; else ours += $3; s = $4 }
      END { printf "%s,others,%.2f,%s\n", m, busy - ours, s }' "$OUT/cpu.csv" >> "$OUT/cpu.csv"
  fi
  grep '^BENCH' "$OUT/wrk-$mode.txt" >&2 || die "no result line from wrk for $mode, see $OUT/wrk-$mode.txt"
done
rm -f "$OUT/.cpu-before" "$OUT/.cpu-after"

# --- the table ---
value() { grep '^BENCH' "$OUT/wrk-$1.txt" | grep -o "\b$2=[0-9.]*" | cut -d= -f2; }
rate() { awk -v n="$(value "$1" status_200)" -v s="$(value "$1" seconds)" 'BEGIN { printf "%.1f", n / s }'; }
ratio() { # ratio RATE BASELINE-MODE
  [ -f "$OUT/wrk-$2.txt" ] || { echo "-"; return; }
  awk -v a="$1" -v b="$(rate "$2")" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }'
}
{
  echo "| mode | purchases/s | p50 ms | p95 ms | p99 ms | 200 | 409 | errors | x direct | x local |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
  for mode in $modes; do
    r=$(rate "$mode")
    errors=$(( $(value "$mode" status_other) + $(value "$mode" connect) + $(value "$mode" read) \
      + $(value "$mode" write) + $(value "$mode" timeout) ))
    echo "| $mode | $r | $(value "$mode" p50_ms) | $(value "$mode" p95_ms) | $(value "$mode" p99_ms)" \
      "| $(value "$mode" status_200) | $(value "$mode" status_409) | $errors | $(ratio "$r" direct) | $(ratio "$r" local) |"
  done
} > "$OUT/table.md"
{
  echo "# Benchmark $(basename "$OUT")"
  echo
  echo "\`scripts/bench.sh --duration $duration --concurrency $concurrency --warmup $warmup --stack-warmup $stack_warmup --modes ${modes// /,}\`"
  echo "against $URL; $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo);" \
    "wrk $threads threads. purchases/s counts 200s only; errors = other statuses + socket errors."
  echo
  cat "$OUT/table.md"
} > "$OUT/results.md"

if [ -n "$track_cpu" ]; then
  # CPU of each process while a mode ran, in % of one core (cpu seconds / run seconds)
  {
    echo "| mode | $(echo "$COMPONENTS wrk others" | sed 's/ / | /g') | machine busy (of $(nproc) cores) | stack CPU ms per purchase |"
    echo "|---|$(for _ in $COMPONENTS wrk others; do printf -- '---:|'; done)---:|---:|"
    for mode in $modes; do
      printf '| %s |' "$mode"
      for name in $COMPONENTS wrk others machine-busy-cores; do
        awk -F, -v m="$mode" -v n="$name" '$1 == m && $2 == n { printf " %.0f%% |", $3 / $4 * 100; found = 1 }
          END { if (!found) printf " - |" }' "$OUT/cpu.csv"
      done
      # the CPU time of the stack's processes (not wrk, not others) per purchase committed meanwhile:
      # unlike purchases/s, it hardly moves when something else takes CPU from the machine
      awk -F, -v m="$mode" -v n="$(value "$mode" status_200)" '$1 == m && $2 != "machine-busy-cores" && $2 != "wrk" \
          && $2 != "others" { sum += $3 } END { if (n > 0) printf " %.1f |", sum * 1000 / n; else printf " - |" }' "$OUT/cpu.csv"
      echo
    done
  } > "$OUT/cpu.md"
  { echo; echo "CPU per process while each mode ran, % of one core:"; echo; cat "$OUT/cpu.md"; } >> "$OUT/results.md"
fi

# --- the chart: committed purchases/s and p95 latency per mode ---
for mode in $modes; do echo "$mode $(rate "$mode") $(value "$mode" p95_ms)"; done > "$OUT/chart.dat"
gnuplot <<GNUPLOT || log "gnuplot failed: no chart"
set terminal pngcairo size 1100,700 font "DejaVu Sans,10"
set output "$OUT/results.png"
set multiplot layout 2,1 title "DTM shop: one purchase per request, concurrency $concurrency, ${duration}s per mode ($(nproc) cores)"
set style data histograms
set style fill solid 0.8 border -1
set boxwidth 0.7
set grid ytics
set yrange [0:*]
set offsets 0, 0, graph 0.12, 0
set xtics noenhanced rotate by -20
unset key
set ylabel "committed purchases/s"
plot "$OUT/chart.dat" using 2:xtic(1) linecolor rgb "#3a7bd5", '' using 0:2:(sprintf("%.0f", \$2)) with labels offset 0,0.7 notitle
# log scale: one stalled mode must not flatten the others
set logscale y
set yrange [1:*]
set ylabel "p95 latency, ms (log scale)"
plot "$OUT/chart.dat" using 3:xtic(1) linecolor rgb "#d5743a", '' using 0:3:(sprintf("%.0f", \$3)) with labels offset 0,0.7 notitle
unset multiplot
GNUPLOT

echo
cat "$OUT/results.md"
echo

# --- settle: XA branches still prepared hold their rows and are not in any total yet ---
# DTM (or the workflow) finishes a branch it still holds within a few retry intervals; one that
# stays prepared is orphaned: its locks block every later purchase of those rows.
xa_left=""
for ((i = 0; i < 60; i++)); do
  xa_left=$(sql -e "XA RECOVER" | awk '{print $4}')
  [ -z "$xa_left" ] && break
  sleep 1
done
if [ -n "$xa_left" ]; then
  echo "$xa_left" > "$OUT/xa-prepared.txt"
  echo "XA branches still prepared 60s after the last mode: $(wc -l < "$OUT/xa-prepared.txt") (see $OUT/xa-prepared.txt)"
else
  echo "XA branches still prepared: none"
fi

# --- the audit: is the data consistent after all that? ---
# A fresh stack is the bench's own: all of it. Another stack may hold data of others (tests that
# move stock without a purchase): the bench's products and buyers, and DTM as a whole.
audit_query=""
if [ -z "$fresh" ]; then
  audit_query="?$(echo "$PRODUCTS" | tr ',' '\n' | sed 's/^/productId=/' | paste -sd'&')"
  audit_query+="&$(echo "$USERS" | tr ',' '\n' | sed 's/^/userId=/' | paste -sd'&')"
fi
code=$(curl -sS -o "$OUT/audit.json" -w '%{http_code}' "$URL/shop/audit$audit_query" || echo 000)
case $code in
  200)
    if [ "$(jq -r .consistent "$OUT/audit.json")" = true ]; then
      echo "audit: consistent"
    else
      echo "audit: NOT consistent"
      jq -r '.checks[] | select(.ok | not) | "  \(.name): \(.detail)"' "$OUT/audit.json"
      exit 1
    fi
    ;;
  404) echo "audit: not available (GET /shop/audit answered 404)"; rm -f "$OUT/audit.json" ;;
  *) echo "audit: failed (GET /shop/audit answered $code, see $OUT/audit.json)"; exit 1 ;;
esac
