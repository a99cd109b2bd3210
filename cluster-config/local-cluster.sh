#!/usr/bin/env bash
# A real multi-silo OrleansReco cluster on this machine, on loopback:
#   Azurite (table storage) + redis-server (clustering) + N silos (multi-silo shape) + the standalone HTTP gateway.
#
#   cluster-config/local-cluster.sh up [--silos N]   install what is missing, build, start, wait until ready
#   cluster-config/local-cluster.sh status           what runs (from the pid files)
#   cluster-config/local-cluster.sh down             stop exactly the processes 'up' started
#
# Ports: redis 6379, Azurite tables 10002 (the multi-silo profile's defaults), silo i: 11110+i / gateway 30000+i /
# HTTP 5080+i, standalone gateway HTTP 5080. State, pid files and logs live in .local-cluster/ at the repository root.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
state="$root/.local-cluster"
redis_port=6379
table_port=10002
http_port=5080

usage() { sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }

running() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

wait_port() { # name port seconds
  for _ in $(seq 1 $(( $3 * 4 ))); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$2") 2>/dev/null; then return 0; fi
    sleep 0.25
  done
  echo "local-cluster: $1 did not listen on 127.0.0.1:$2 within $3 s (log: $state/$1.log)" >&2; return 1
}

wait_healthy() { # name port seconds
  for _ in $(seq 1 $(( $3 * 2 ))); do
    if curl -fsS "http://127.0.0.1:$2/health" >/dev/null 2>&1; then return 0; fi
    sleep 0.5
  done
  echo "local-cluster: $1 was not healthy on http://127.0.0.1:$2/health within $3 s (log: $state/$1.log)" >&2; return 1
}

start() { # name pidfile command...
  local name="$1"; shift
  if running "$state/$name.pid"; then echo "  $name already running (pid $(cat "$state/$name.pid"))"; return 0; fi
  nohup "$@" >"$state/$name.log" 2>&1 &
  echo $! >"$state/$name.pid"
  echo "  started $name (pid $!)"
}

silo_args() { # index
  echo "--OrleansReco:Profile=multi-silo --urls=http://127.0.0.1:$((http_port + $1)) \
--OrleansReco:Silo:SiloPort=$((11110 + $1)) --OrleansReco:Silo:GatewayPort=$((30000 + $1)) \
--OrleansReco:Silo:RedisConnectionString=127.0.0.1:$redis_port"
}

up() {
  local silos=2
  while [ $# -gt 0 ]; do
    case "$1" in
      --silos) silos="${2:?--silos needs a number}"; shift 2 ;;
      *) usage ;;
    esac
  done
  [[ "$silos" =~ ^[1-9][0-9]?$ ]] || { echo "local-cluster: --silos must be 1–99" >&2; exit 2; }
  mkdir -p "$state"
  bash "$root/scripts/install-redis.sh"
  bash "$root/scripts/install-azurite.sh"
  echo "building the silo and gateway hosts..."
  dotnet build -c Release "$root/src/OrleansReco.Silo" -v q -nologo >"$state/build-silo.log"
  dotnet build -c Release "$root/src/OrleansReco.GatewayHost" -v q -nologo >"$state/build-gateway.log"
  start redis redis-server --port "$redis_port" --bind 127.0.0.1 --save "" --appendonly no --daemonize no
  start azurite "$root/tools/azurite/node_modules/.bin/azurite-table" --tableHost 127.0.0.1 --tablePort "$table_port" \
    --location "$state/azurite" --skipApiVersionCheck
  wait_port redis "$redis_port" 20
  wait_port azurite "$table_port" 30
  local silo_dll="$root/src/OrleansReco.Silo/bin/Release/net10.0/OrleansReco.Silo.dll"
  for i in $(seq 1 "$silos"); do
    # shellcheck disable=SC2046
    start "silo-$i" dotnet "$silo_dll" $(silo_args "$i")
  done
  for i in $(seq 1 "$silos"); do wait_healthy "silo-$i" $((http_port + i)) 120; done
  start gateway dotnet "$root/src/OrleansReco.GatewayHost/bin/Release/net10.0/OrleansReco.GatewayHost.dll" \
    --OrleansReco:Profile=multi-silo --urls="http://127.0.0.1:$http_port" --OrleansReco:Silo:RedisConnectionString="127.0.0.1:$redis_port"
  wait_healthy gateway "$http_port" 60
  echo "ready: gateway http://127.0.0.1:$http_port, $silos silo(s) on http://127.0.0.1:$((http_port + 1))…$((http_port + silos))"
}

status() {
  local any=0
  for pidfile in "$state"/*.pid; do
    [ -f "$pidfile" ] || continue
    any=1
    local name; name="$(basename "$pidfile" .pid)"
    if running "$pidfile"; then echo "$name: running (pid $(cat "$pidfile"))"; else echo "$name: not running (stale pid file)"; fi
  done
  [ "$any" -eq 1 ] || echo "local-cluster: nothing started (no pid files in $state)"
}

down() {
  # Gateway first, then silos (clean shutdown), then the services they use.
  local order=()
  [ -f "$state/gateway.pid" ] && order+=("$state/gateway.pid")
  for pidfile in "$state"/silo-*.pid; do [ -f "$pidfile" ] && order+=("$pidfile"); done
  for name in azurite redis; do [ -f "$state/$name.pid" ] && order+=("$state/$name.pid"); done
  for pidfile in "${order[@]}"; do
    local name pid; name="$(basename "$pidfile" .pid)"; pid="$(cat "$pidfile")"
    if kill -0 "$pid" 2>/dev/null; then
      kill -TERM "$pid"
      for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
      kill -0 "$pid" 2>/dev/null && kill -KILL "$pid"
      echo "  stopped $name (pid $pid)"
    fi
    rm -f "$pidfile"
  done
}

case "${1:-}" in
  up) shift; up "$@" ;;
  status) status ;;
  down) down ;;
  *) usage ;;
esac
