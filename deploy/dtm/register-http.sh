#!/bin/sh
# Registers one DTM server's HTTP API in Consul, with the Consul agent that DTM registered its gRPC
# endpoint with, and ties that registration to it. Run once the DTM server has started; by
# scripts/stack.sh for each of its DTM servers, by docker-compose.yml's dtm-register services.
#
#   CONSUL_HTTP    the agent's HTTP API, e.g. http://127.0.0.1:8500 or http://consul:8500
#   DTM_HOST       the address DTM is reached at, e.g. 127.0.0.1 or dtm
#   DTM_HTTP_PORT  DTM's HTTP port (default 36789)
#
# Why: DTM v1.19.0 registers only its gRPC endpoint (dtm-service, through the kratos driver), with a
# TCP check every 10 s and a 20 s heartbeat, so a killed DTM server stays passing for up to 10 s, and
# its HTTP API - which the gateway and the shop read - is in Consul not at all. This registers the
# HTTP API as dtm-http (ID dtm-http-<host>-<port>) with a check every second (a TCP connect: DTM logs
# every HTTP request it serves at level info), and adds to dtm-service
# an alias check of it: dtm-service is passing only while dtm-http is, and a dead DTM server leaves
# the passing set within about 2 s (measured, README "Running more than one of everything"). A check
# added to a service stays when DTM registers the service again after a restart.
# Needs sh and curl (the hashicorp/consul image has both).
set -eu

: "${CONSUL_HTTP:?CONSUL_HTTP is required, e.g. http://127.0.0.1:8500}"
: "${DTM_HOST:?DTM_HOST is required, e.g. 127.0.0.1}"
DTM_HTTP_PORT=${DTM_HTTP_PORT:-36789}
id="dtm-http-$DTM_HOST-$DTM_HTTP_PORT"

# DTM registers dtm-service with its agent right after it starts listening: wait for it (60 s at most).
tries=0
until curl -fsS -o /dev/null "$CONSUL_HTTP/v1/agent/service/dtm-service"; do
  tries=$((tries + 1))
  if [ "$tries" -ge 60 ]; then
    echo "dtm-service is not registered with the agent at $CONSUL_HTTP" >&2
    exit 1
  fi
  sleep 1
done

curl -fsS -X PUT "$CONSUL_HTTP/v1/agent/service/register" --data "{
  \"ID\": \"$id\", \"Name\": \"dtm-http\", \"Address\": \"$DTM_HOST\", \"Port\": $DTM_HTTP_PORT,
  \"Check\": {\"TCP\": \"$DTM_HOST:$DTM_HTTP_PORT\", \"Interval\": \"1s\", \"Timeout\": \"1s\",
              \"DeregisterCriticalServiceAfter\": \"10m\"}}"
curl -fsS -X PUT "$CONSUL_HTTP/v1/agent/check/register" --data "{
  \"ID\": \"dtm-service:http\", \"Name\": \"DTM HTTP API (alias of $id)\", \"ServiceID\": \"dtm-service\",
  \"AliasService\": \"$id\"}"
echo "registered $id and its alias check on dtm-service with $CONSUL_HTTP"
