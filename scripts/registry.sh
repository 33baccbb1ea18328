#!/usr/bin/env bash
# Starts or stops Debian's docker-registry (distribution 2.8) on 127.0.0.1 for the tests.
#   scripts/registry.sh start DIR   -> prints "export TETHER_TEST_REGISTRY=127.0.0.1:PORT"
#   scripts/registry.sh stop DIR
#   scripts/registry.sh start-token DIR REALM ROOTCERT SERVICE ISSUER
#                                   -> prints "export TETHER_TEST_REGISTRY_TOKEN=127.0.0.1:PORT"
# Two instances are started: an anonymous one, and one behind htpasswd basic auth
# (user "tether", password "tether-test") exported as TETHER_TEST_REGISTRY_BASIC.
# start-token starts one more behind Docker token auth: it trusts JWTs signed by a certificate that chains to
# ROOTCERT, issued by ISSUER for SERVICE, from the token server at REALM (the registry tests run their own).
set -euo pipefail

action=${1:?start|stop}
dir=${2:?state directory}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

start_one() {
  local name=$1 port=$2 auth=$3
  mkdir -p "$dir/$name/data"
  cat > "$dir/$name/config.yml" <<CONF
version: 0.1
log:
  level: warn
storage:
  filesystem:
    rootdirectory: $dir/$name/data
  delete:
    enabled: true
http:
  addr: 127.0.0.1:$port
$auth
CONF
  docker-registry serve "$dir/$name/config.yml" >"$dir/$name/log" 2>&1 &
  echo $! >"$dir/$name/pid"
  for _ in $(seq 1 100); do
    if curl -s -o /dev/null "http://127.0.0.1:$port/v2/"; then return 0; fi
    sleep 0.1
  done
  echo "docker-registry ($name) did not start; log:" >&2
  cat "$dir/$name/log" >&2
  return 1
}

case "$action" in
  start)
    mkdir -p "$dir"
    anon=$(free_port)
    start_one anonymous "$anon" ""
    htpasswd -Bbn tether tether-test >"$dir/htpasswd"
    basic=$(free_port)
    start_one basic "$basic" "auth:
  htpasswd:
    realm: tether-test
    path: $dir/htpasswd"
    echo "export TETHER_TEST_REGISTRY=127.0.0.1:$anon"
    echo "export TETHER_TEST_REGISTRY_BASIC=127.0.0.1:$basic"
    echo "export TETHER_TEST_REGISTRY_USER=tether"
    echo "export TETHER_TEST_REGISTRY_PASSWORD=tether-test"
    ;;
  start-token)
    realm=${3:?realm URL}
    rootcert=${4:?root certificate bundle (PEM)}
    service=${5:?service name}
    issuer=${6:?issuer}
    mkdir -p "$dir"
    token=$(free_port)
    start_one token "$token" "auth:
  token:
    realm: $realm
    service: $service
    issuer: $issuer
    rootcertbundle: $rootcert"
    echo "export TETHER_TEST_REGISTRY_TOKEN=127.0.0.1:$token"
    ;;
  stop)
    for pidfile in "$dir"/*/pid; do
      [ -f "$pidfile" ] && kill "$(cat "$pidfile")" 2>/dev/null || true
    done
    ;;
  *)
    echo "usage: $0 start|stop DIR | start-token DIR REALM ROOTCERT SERVICE ISSUER" >&2
    exit 2
    ;;
esac
