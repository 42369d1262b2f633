#!/usr/bin/env bash
# Builds dtmshop-interop, the Go side of the interop tests (see main.go), with the Go toolchain and
# the Go module proxy, and prints the binary's path. The binary is cached in $DTMSHOP_CACHE/bin (default
# ~/.cache/dtm-shop/bin, next to DTM and Consul) under a hash of everything it is built from: a second
# run with the same sources only prints the path.
#
# The gRPC code is generated from the shop's protos (proto/src/main/proto) and ledger.proto
# (integration-tests/src/test/proto) with protoc-gen-go and protoc-gen-go-grpc at the versions of
# go.mod, and protoc: $PROTOC, or the one the Maven build downloaded (the root pom's protoc.version,
# from $MAVEN_REPO, default ~/.m2/repository), with the well-known types from the protobuf-java jar
# of the same version there.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../../../.." && pwd)
CACHE=${DTMSHOP_CACHE:-$HOME/.cache/dtm-shop}
BIN=$CACHE/bin/dtmshop-interop
STAMP=$CACHE/bin/.dtmshop-interop.version
MAVEN_REPO=${MAVEN_REPO:-$HOME/.m2/repository}
PROTOS=(stock/v1/stock.proto order/v1/order.proto payment/v1/payment.proto ledger/v1/ledger.proto)
MODULE=dtmshop/interop
log() { echo "[go-interop] $*" >&2; }

command -v go >/dev/null || { log "Go is required (scripts/install-deps.sh needs it too)"; exit 1; }
sources=("$HERE"/*.go "$HERE/go.mod" "$HERE/go.sum" "$HERE/build.sh" "$ROOT/proto/src/main/proto/stock/v1/stock.proto"
  "$ROOT/proto/src/main/proto/order/v1/order.proto" "$ROOT/proto/src/main/proto/payment/v1/payment.proto"
  "$ROOT/integration-tests/src/test/proto/ledger/v1/ledger.proto")
hash=$( (cat "${sources[@]}"; go version) | sha256sum | cut -c1-16)
if [ -x "$BIN" ] && [ "$(cat "$STAMP" 2>/dev/null)" = "$hash" ]; then
  echo "$BIN"
  exit 0
fi

protoc=${PROTOC:-}
include=${PROTO_INCLUDE:-}
version=$(sed -n 's:.*<protoc.version>\(.*\)</protoc.version>.*:\1:p' "$ROOT/pom.xml" | head -1)
if [ -z "$protoc" ]; then
  case "$(uname -s)-$(uname -m)" in
    Linux-x86_64) classifier=linux-x86_64 ;;
    Linux-aarch64) classifier=linux-aarch_64 ;;
    Darwin-x86_64) classifier=osx-x86_64 ;;
    Darwin-arm64) classifier=osx-aarch_64 ;;
    *) log "no protoc for $(uname -s)-$(uname -m): set PROTOC"; exit 1 ;;
  esac
  protoc=$MAVEN_REPO/com/google/protobuf/protoc/$version/protoc-$version-$classifier.exe
  [ -f "$protoc" ] || { log "$protoc is missing: build the proto module first (./mvnw package), or set PROTOC"; exit 1; }
fi

log "building $BIN (sources $hash)"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp "$HERE"/*.go "$HERE/go.mod" "$HERE/go.sum" "$work/"
if [ ! -x "$protoc" ]; then
  # Maven's local repository keeps the executable without its execute bit
  cp "$protoc" "$work/protoc"
  chmod +x "$work/protoc"
  protoc=$work/protoc
fi
if [ -z "$include" ]; then
  # google/protobuf/empty.proto, which stock.proto and ledger.proto import
  include=$work/include
  jar=$MAVEN_REPO/com/google/protobuf/protobuf-java/$version/protobuf-java-$version.jar
  [ -f "$jar" ] || { log "$jar is missing: set PROTO_INCLUDE to a folder holding google/protobuf/empty.proto"; exit 1; }
  mkdir -p "$include"
  if command -v unzip >/dev/null; then
    (cd "$include" && unzip -q -o "$jar" google/protobuf/empty.proto)
  else
    (cd "$include" && jar xf "$jar" google/protobuf/empty.proto)
  fi
fi

cd "$work"
export GOFLAGS=-mod=mod CGO_ENABLED=0
go build -o "$work/plugins/protoc-gen-go" google.golang.org/protobuf/cmd/protoc-gen-go
go build -o "$work/plugins/protoc-gen-go-grpc" google.golang.org/grpc/cmd/protoc-gen-go-grpc
packages=()
for proto in "${PROTOS[@]}"; do
  # stock/v1/stock.proto -> dtmshop/interop/gen/stockv1
  pkg=$MODULE/gen/$(dirname "$(dirname "$proto")")$(basename "$(dirname "$proto")")
  packages+=("--go_opt=M$proto=$pkg" "--go-grpc_opt=M$proto=$pkg")
done
"$protoc" -I "$ROOT/proto/src/main/proto" -I "$ROOT/integration-tests/src/test/proto" -I "$include" \
  --plugin=protoc-gen-go="$work/plugins/protoc-gen-go" --plugin=protoc-gen-go-grpc="$work/plugins/protoc-gen-go-grpc" \
  --go_out="$work" --go_opt=module=$MODULE --go-grpc_out="$work" --go-grpc_opt=module=$MODULE \
  "${packages[@]}" "${PROTOS[@]}"
go vet . >&2
go test -count=1 . >&2
mkdir -p "$(dirname "$BIN")"
go build -o "$BIN.tmp" .
mv "$BIN.tmp" "$BIN"
echo "$hash" > "$STAMP"
log "built $BIN"
echo "$BIN"
