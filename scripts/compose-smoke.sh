#!/usr/bin/env bash
# The docker-compose stack, checked end to end on a machine with a Docker engine:
#
#   scripts/compose-smoke.sh              docker-compose.yml
#   scripts/compose-smoke.sh --replicas   with docker-compose.replicas.yml (two of every service
#                                         but the gateway, two DTM servers)
#
# Builds the images and brings the stack up (`up --build`) as project dtmshop-smoke, waits until
# every container with a health check is healthy and every one-shot container has exited 0, buys
# once in each of the eight modes (each must answer 200), waits until the audit answers consistent,
# and takes the stack down with its volumes - also when a step fails, after printing the logs.
# Uses `docker compose` (v2) when there, else `docker-compose` (1.29, with BuildKit). The stack
# publishes 8080, 8500, 36789 and 16686 on this machine: stop a scripts/stack.sh stack first.
#
# Environment: SMOKE_WAIT_SECONDS (default 600) bounds each wait after the build.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
PROJECT=dtmshop-smoke
WAIT_SECONDS=${SMOKE_WAIT_SECONDS:-600}
GATEWAY=http://127.0.0.1:8080
MODES="saga 2pm tcc xa workflow/saga workflow/tcc workflow/xa workflow/mixed"

files=(-f docker-compose.yml)
case ${1:-} in
  --replicas) files+=(-f docker-compose.replicas.yml) ;;
  "") ;;
  *) sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac

log() { echo "[compose-smoke] $*" >&2; }

if docker compose version >/dev/null 2>&1; then
  compose() { docker compose -p "$PROJECT" "${files[@]}" "$@"; }
elif command -v docker-compose >/dev/null 2>&1; then
  export DOCKER_BUILDKIT=1 COMPOSE_DOCKER_CLI_BUILD=1
  compose() { docker-compose -p "$PROJECT" "${files[@]}" "$@"; }
else
  log "neither 'docker compose' nor docker-compose is installed"; exit 1
fi
docker info >/dev/null 2>&1 || { log "no Docker engine answers (docker info)"; exit 1; }

finish() {
  local status=$?
  if [ $status -ne 0 ]; then
    log "FAILED; the containers and the last lines of their logs:"
    compose ps || true
    compose logs --tail=40 || true
  fi
  log "taking the stack down (with its volumes)"
  compose down -v --remove-orphans >/dev/null 2>&1 || true
  exit $status
}
trap finish EXIT

# until_ok WHAT COMMAND...: polls COMMAND every 2 s, at most WAIT_SECONDS.
until_ok() {
  local what=$1; shift
  local deadline=$((SECONDS + WAIT_SECONDS))
  until "$@"; do
    [ $SECONDS -lt $deadline ] || { log "gave up waiting: $what (${WAIT_SECONDS}s)"; return 1; }
    sleep 2
  done
}

# all_ready: every container of the project is healthy, or has exited 0 when it has no health check
# (branch-secret, dtm-register); Jaeger, without a health check, running.
all_ready() {
  local ids id state pending=""
  ids=$(compose ps -q -a 2>/dev/null || compose ps -q)
  [ -n "$ids" ] || return 1
  for id in $ids; do
    state=$(docker inspect -f '{{.Name}} {{if .State.Health}}{{.State.Health.Status}}{{else}}{{.State.Status}}:{{.State.ExitCode}}{{end}}' "$id")
    case ${state#* } in
      healthy|exited:0|running:0) ;;
      exited:*) log "container ${state% *} exited: ${state#* }"; exit 1 ;;
      *) pending+=" ${state% *}=${state#* }" ;;
    esac
  done
  [ -z "$pending" ] || { log "waiting for:$pending"; return 1; }
}

log "building and starting: ${files[*]}"
compose up -d --build
until_ok "every container healthy" all_ready
log "every container is healthy"

for mode in $MODES; do
  answer=$(curl -sS -o /tmp/compose-smoke.$$ -w '%{http_code}' -X POST "$GATEWAY/shop/$mode" \
    -H 'Content-Type: application/json' -d '{"userId":1,"productId":1,"quantity":1}')
  log "$mode: $answer $(cat /tmp/compose-smoke.$$)"
  rm -f /tmp/compose-smoke.$$
  [ "$answer" = 200 ] || { log "$mode answered $answer, not 200"; exit 1; }
done

consistent() { curl -fsS "$GATEWAY/shop/audit" | grep -q '"consistent":true'; }
until_ok "the audit answers consistent" consistent
log "audit: consistent. OK"
