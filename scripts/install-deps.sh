#!/usr/bin/env bash
# Installs what the stack and the integration tests need, without Docker:
#   - MariaDB server (Debian packages)
#   - DTM, built from the Go module proxy
#   - Consul, built from the Go module proxy
#   - docker-compose (Debian package, 1.29): CI validates docker-compose.yml with it, no engine needed
#   - redis-server (Debian package): DTM's redis store, STACK_DTM_STORE=redis scripts/stack.sh
# Idempotent: a second run only checks versions and returns.
# Binaries land in $DTMSHOP_CACHE/bin (default ~/.cache/dtm-shop/bin), outside the repo.
set -euo pipefail

# Pinned versions: change them here only.
DTM_VERSION=v1.19.0
CONSUL_VERSION=v1.20.6
# Consul's root go.mod points its sub-modules at local folders (replace ./api ...), which
# `go install pkg@version` refuses; a throw-away wrapper module requires the versions that
# consul v1.20.6's go.mod itself names instead.
CONSUL_API=v1.31.2
CONSUL_SDK=v0.16.1
CONSUL_PROTO_PUBLIC=v0.6.2
CONSUL_ENVOYEXT=v0.7.3
CONSUL_TROUBLESHOOT=v0.7.1

CACHE=${DTMSHOP_CACHE:-$HOME/.cache/dtm-shop}
BIN=$CACHE/bin
mkdir -p "$BIN"
log() { echo "[install-deps] $*"; }

install_mariadb() {
  if command -v mariadbd >/dev/null 2>&1 || [ -x /usr/sbin/mariadbd ]; then
    log "MariaDB: $(/usr/sbin/mariadbd --version 2>/dev/null | head -1)"
    return
  fi
  log "MariaDB: installing from Debian packages"
  local sudo=""; [ "$(id -u)" -eq 0 ] || sudo=sudo
  $sudo apt-get update -q
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
    mariadb-server mariadb-client curl util-linux
  # The stack runs its own MariaDB on a private data dir; the distribution's service, where systemd
  # started it, would hold port 3306.
  if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet mariadb 2>/dev/null; then
    log "stopping and disabling the system MariaDB service (scripts/stack.sh runs its own)"
    $sudo systemctl disable --now mariadb || true
  fi
}

# apt_install COMMAND PACKAGE: installs the Debian package unless COMMAND is already there.
apt_install() {
  if command -v "$1" >/dev/null 2>&1; then
    log "$2: $("$1" --version 2>/dev/null | head -1)"
    return
  fi
  log "$2: installing from Debian packages"
  local sudo=""; [ "$(id -u)" -eq 0 ] || sudo=sudo
  $sudo apt-get update -q
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$2"
}

install_redis() {
  apt_install redis-server redis-server
  # The stack runs its own redis when asked (STACK_DTM_STORE=redis); the distribution's service,
  # where systemd started it, would hold port 6379.
  if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet redis-server 2>/dev/null; then
    log "stopping and disabling the system redis service (scripts/stack.sh runs its own)"
    local sudo=""; [ "$(id -u)" -eq 0 ] || sudo=sudo
    $sudo systemctl disable --now redis-server || true
  fi
}

# go_build NAME MODULE VERSION [extra require lines...]
go_build() {
  local name=$1 module=$2 version=$3; shift 3
  local stamp="$BIN/.$name.version"
  if [ -x "$BIN/$name" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$version" ]; then
    log "$name $version: already built"
    return
  fi
  log "$name $version: building from the Go module proxy (takes a few minutes once)"
  local work; work=$(mktemp -d)
  {
    echo "module build/$name"
    echo
    echo "go 1.22"
    echo
    echo "require ("
    echo "	$module $version"
    for req in "$@"; do echo "	$req"; done
    echo ")"
  } > "$work/go.mod"
  printf '//go:build tools\n\npackage tools\n\nimport _ "%s"\n' "$module" > "$work/tools.go"
  # -mod=mod resolves only what the binary imports (a `go mod tidy` would also chase test-only
  # modules, some of which the module proxy here does not serve). consul-awsauth is a pseudo-version
  # the checksum database does not list: its go.sum line comes from the proxy alone.
  if ! (cd "$work" && GOFLAGS=-mod=mod GONOSUMDB=github.com/hashicorp/consul-awsauth CGO_ENABLED=0 \
    go build -o "$BIN/$name" "$module"); then
    rm -rf "$work"
    echo "building $name $version failed" >&2
    return 1
  fi
  rm -rf "$work"
  echo "$version" > "$stamp"
}

install_mariadb
apt_install docker-compose docker-compose
install_redis
command -v go >/dev/null || { echo "Go is required to build DTM and Consul" >&2; exit 1; }
go_build dtm github.com/dtm-labs/dtm "$DTM_VERSION"
go_build consul github.com/hashicorp/consul "$CONSUL_VERSION" \
  "github.com/hashicorp/consul/api $CONSUL_API" \
  "github.com/hashicorp/consul/sdk $CONSUL_SDK" \
  "github.com/hashicorp/consul/proto-public $CONSUL_PROTO_PUBLIC" \
  "github.com/hashicorp/consul/envoyextensions $CONSUL_ENVOYEXT" \
  "github.com/hashicorp/consul/troubleshoot $CONSUL_TROUBLESHOOT"
log "ready: $BIN (dtm, consul)"
