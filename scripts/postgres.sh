#!/usr/bin/env bash
# A throwaway PostgreSQL cluster on 127.0.0.1 for the tests and benchmarks (Debian's postgresql package).
#   scripts/postgres.sh start [DIR]  -> prints "export TETHER_TEST_PG=postgres://tether:tether-pg-test@127.0.0.1:PORT/tether"
#                                       and writes the same URL to DIR/url
#   scripts/postgres.sh stop [DIR]
# DIR defaults to .pg in the repository (ignored by git). Idempotent: a cluster already running in DIR is reused.
# The superuser "tether" (password "tether-pg-test") may create databases: the storage tests make one per test class.
# As root (CI) the cluster runs as the postgres user, which PostgreSQL requires; otherwise as the current user.
set -euo pipefail
cd "$(dirname "$0")/.."

action=${1:?start|stop}
dir=${2:-.pg}
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
data="$dir/data"
user=tether
password=tether-pg-test

as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

bin_dir() {
  local found
  found=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  if [ -z "$found" ] || [ ! -x "$found/initdb" ]; then
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    echo "installing postgresql" >&2
    $sudo apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends postgresql >/dev/null
    found=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
  fi
  echo "$found"
}

free_port() {
  python3 - <<'PY'
import socket
def free(port):
    s = socket.socket()
    try:
        s.bind(("127.0.0.1", port))
        return True
    except OSError:
        return False
    finally:
        s.close()
if free(55432):
    print(55432)
else:
    s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()
PY
}

running() {
  [ -f "$dir/url" ] && [ -d "$data" ] && as_owner "$bin/pg_ctl" status -D "$data" >/dev/null 2>&1
}

case "$action" in
  start)
    bin=$(bin_dir)
    if running; then
      echo "export TETHER_TEST_PG=$(cat "$dir/url")"
      exit 0
    fi

    if [ "$(id -u)" -eq 0 ]; then
      # The postgres user must reach the data folder through every parent.
      chmod o+x "$dir"
      if ! runuser -u postgres -- test -x "$dir"; then
        echo "postgres.sh: the postgres user cannot reach $dir; pass a DIR under a world-traversable folder (e.g. /tmp)" >&2
        exit 1
      fi
    fi

    if [ ! -f "$data/PG_VERSION" ]; then
      rm -rf "$data"
      mkdir -p "$data"
      printf '%s\n' "$password" >"$dir/pwfile"
      if [ "$(id -u)" -eq 0 ]; then chown postgres: "$data" "$dir/pwfile"; fi
      chmod 700 "$data"
      as_owner "$bin/initdb" -D "$data" -U "$user" --pwfile="$dir/pwfile" --auth=scram-sha-256 \
        --encoding=UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }
      rm -f "$dir/pwfile"
    fi

    port=$(free_port)
    # TCP on loopback only, no Unix socket (its folder would need to be writable by the cluster's owner).
    as_owner "$bin/pg_ctl" start -D "$data" -w -t 60 -l "$data/server.log" \
      -o "-c listen_addresses=127.0.0.1 -p $port -c unix_socket_directories='' -c max_connections=200" >/dev/null \
      || { cat "$data/server.log" >&2; exit 1; }

    export PGPASSWORD=$password
    if ! "$bin/psql" -h 127.0.0.1 -p "$port" -U "$user" -d postgres -Atqc "SELECT 1 FROM pg_database WHERE datname = 'tether'" | grep -q 1; then
      "$bin/psql" -h 127.0.0.1 -p "$port" -U "$user" -d postgres -qc "CREATE DATABASE tether" >/dev/null
    fi

    url="postgres://$user:$password@127.0.0.1:$port/tether"
    echo "$url" >"$dir/url"
    echo "export TETHER_TEST_PG=$url"
    ;;
  stop)
    if [ -f "$data/PG_VERSION" ]; then
      bin=$(bin_dir)
      as_owner "$bin/pg_ctl" stop -D "$data" -m fast -w >/dev/null 2>&1 || true
    fi
    rm -f "$dir/url"
    ;;
  *)
    echo "usage: $0 start|stop [DIR]" >&2
    exit 2
    ;;
esac
