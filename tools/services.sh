#!/usr/bin/env bash
# The production profile's servers on this machine, loopback only:
# PostgreSQL, Redis, and Ceph (one monitor, one OSD on a file, the RADOS
# Gateway as the S3 object store). Data and logs live in var/scale/ (the
# PostgreSQL cluster in the postgres user's home instead when the checkout
# sits in a folder closed to other users, such as a home folder of mode 0700).
#
#   tools/services.sh start           start every server (first run: create them)
#   tools/services.sh stop            stop every server, keeping their data
#   tools/services.sh status          which are running
#   tools/services.sh start|stop NAME one server: postgres, redis, ceph, rgw
#   tools/services.sh env             print the settings that point the site at them
#   tools/services.sh destroy         stop and delete var/scale/
#
# Ports (loopback): PostgreSQL 15432, Redis 16379, Ceph monitor 16789,
# S3 gateway 17480; override with ANYIDPHOTO_SCALE_PORT_BASE (default 15000:
# the ports are base+432, +1379, +1789, +2480). The servers' data keeps the
# ports it was made with: a data folder remembers its base, and another base
# for it is refused (destroy it first, or use another ANYIDPHOTO_SCALE_DIR).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VAR="$(realpath -m "${ANYIDPHOTO_SCALE_DIR:-$ROOT/var/scale}")"
MADE_WITH="$(cat "$VAR/port-base" 2>/dev/null || true)"
BASE="${ANYIDPHOTO_SCALE_PORT_BASE:-${MADE_WITH:-15000}}"
[ "${1:-}" = destroy ] && [ -n "$MADE_WITH" ] && BASE="$MADE_WITH"  # stop what runs there
if [ -n "$MADE_WITH" ] && [ "$MADE_WITH" != "$BASE" ]; then
  echo "services: $VAR was made with port base $MADE_WITH, not $BASE;" \
    "run with ANYIDPHOTO_SCALE_PORT_BASE=$MADE_WITH, or 'tools/services.sh destroy' first" >&2
  exit 1
fi
PG_PORT=$((BASE + 432))
REDIS_PORT=$((BASE + 1379))
MON_PORT=$((BASE + 1789))
RGW_PORT=$((BASE + 2480))
PG_BIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
SECRETS="$VAR/secrets"
CEPH="$VAR/ceph"
CONF="$CEPH/ceph.conf"

say() { echo "services: $*" >&2; }
die() { say "$*"; exit 1; }

need() {
  for tool in "$@"; do
    command -v "$tool" >/dev/null || [ -x "$PG_BIN/$tool" ] ||
      die "$tool is missing; run 'make setup' (it installs the servers)"
  done
}

secret() {  # secret NAME: a random value kept in var/scale/secrets/NAME
  mkdir -p "$SECRETS"
  chmod 700 "$SECRETS"
  [ -s "$SECRETS/$1" ] || (umask 077 && head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$SECRETS/$1")
  cat "$SECRETS/$1"
}

wait_for() {  # wait_for SECONDS WHAT COMMAND...
  local limit=$1 what=$2
  shift 2
  for _ in $(seq $((limit * 5))); do
    "$@" >/dev/null 2>&1 && return 0
    sleep 0.2
  done
  die "$what did not come up within $limit s (logs: $VAR/*/log, $CEPH/log)"
}

# --- PostgreSQL -------------------------------------------------------------

# From /, which the postgres user can always enter (paths here are absolute).
pg_as() { (cd / && runuser -u postgres -- "$@"); }

# The cluster's folder, which the server (run as the postgres user) must
# reach: $VAR/postgres, unless $VAR sits in a folder closed to others (a
# checkout in a home folder of mode 0700); then the cluster lives in the
# postgres user's home, named for $VAR, and $VAR/postgres links to it.
pg_dir() {
  if [ -L "$VAR/postgres" ]; then readlink -f "$VAR/postgres"; return; fi
  if [ -s "$VAR/postgres/data/PG_VERSION" ] || [ ! -d "$VAR" ] ||
    pg_as test -x "$VAR" 2>/dev/null; then
    echo "$VAR/postgres"
    return
  fi
  local home dir
  home="$(getent passwd postgres | cut -d: -f6)"
  dir="$home/anyidphoto-$(printf %s "$VAR" | sha256sum | cut -c1-16)"
  echo "$dir"
}

postgres_start() {
  need initdb pg_ctl
  mkdir -p "$VAR"
  local pg
  pg="$(pg_dir)"
  local data="$pg/data"
  if [ ! -s "$data/PG_VERSION" ]; then
    say "creating the PostgreSQL cluster in $data"
    mkdir -p "$pg"
    chown postgres:postgres "$pg"
    chmod 700 "$pg"
    # (What an earlier, failed start left in $VAR/postgres holds no cluster.)
    [ "$pg" = "$VAR/postgres" ] || { rm -rf "$VAR/postgres" && ln -s "$pg" "$VAR/postgres"; }
    secret postgres >/dev/null
    install -o postgres -m 600 "$SECRETS/postgres" "$pg/.pw"
    pg_as "$PG_BIN/initdb" -D "$data" -U anyidphoto --pwfile="$pg/.pw" \
      --auth-local=scram-sha-256 --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 >/dev/null
    rm -f "$pg/.pw"
    cat >>"$data/postgresql.conf" <<EOF
listen_addresses = '127.0.0.1'
port = $PG_PORT
unix_socket_directories = ''
max_connections = 200
fsync = on
EOF
  fi
  if pg_as "$PG_BIN/pg_ctl" -D "$data" status >/dev/null 2>&1; then return 0; fi
  pg_as "$PG_BIN/pg_ctl" -D "$data" -l "$pg/log" -w -t 30 start >/dev/null
  export PGPASSWORD="$(secret postgres)"
  local db
  # The main database, and the key store apart from it (never in a backup).
  for db in anyidphoto anyidphoto_keys; do
    if ! "$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U anyidphoto -d postgres -tAc \
      "select 1 from pg_database where datname='$db'" | grep -q 1; then
      "$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U anyidphoto "$db"
    fi
  done
}

postgres_stop() {
  local data
  data="$(pg_dir)/data"
  [ -d "$data" ] && pg_as "$PG_BIN/pg_ctl" -D "$data" -m fast -w stop >/dev/null 2>&1 || true
}

postgres_running() { pg_as "$PG_BIN/pg_ctl" -D "$(pg_dir)/data" status >/dev/null 2>&1; }

# --- Redis ------------------------------------------------------------------

redis_start() {
  need redis-server redis-cli
  redis_running && return 0
  mkdir -p "$VAR/redis"
  redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --requirepass "$(secret redis)" \
    --daemonize yes --dir "$VAR/redis" --pidfile "$VAR/redis/redis.pid" \
    --logfile "$VAR/redis/log" --save "" --appendonly no --maxmemory 256mb \
    --maxmemory-policy allkeys-lru
  wait_for 10 Redis redis_running
}

redis_stop() {
  redis_running || return 0
  REDISCLI_AUTH="$(secret redis)" redis-cli -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true
  for _ in $(seq 50); do redis_running || return 0; sleep 0.1; done
}

redis_running() {
  REDISCLI_AUTH="$(secret redis)" redis-cli -p "$REDIS_PORT" ping 2>/dev/null | grep -q PONG
}

# --- Ceph: monitor, OSD, RADOS Gateway --------------------------------------

ceph_conf() {
  mkdir -p "$CEPH"/{run,log,mon.a,osd.0,rgw}
  local fsid
  fsid="$(cat "$CEPH/fsid" 2>/dev/null || (python3 -c 'import uuid; print(uuid.uuid4())' | tee "$CEPH/fsid"))"
  # A one-node cluster: no cephx (loopback only; the S3 gateway has its own keys),
  # one copy of each object, the OSD's store in a sparse file.
  cat >"$CONF" <<EOF
[global]
fsid = $fsid
mon host = v2:127.0.0.1:$MON_PORT
mon initial members = a
auth cluster required = none
auth service required = none
auth client required = none
ms mon client mode = crc
ms client mode = crc
ms mon service mode = crc
ms service mode = crc
ms mon cluster mode = crc
ms cluster mode = crc
ms bind ipv6 = false
public addr = 127.0.0.1
cluster addr = 127.0.0.1
osd pool default size = 1
osd pool default min size = 1
mon allow pool size one = true
mon warn on pool no redundancy = false
mon data avail warn = 2
mon data avail crit = 1
osd crush chooseleaf type = 0
osd pool default pg autoscale mode = off
osd pool default pg num = 8
osd pool default pgp num = 8
mon max pg per osd = 1000
osd objectstore = bluestore
bluestore block create = true
bluestore block size = 21474836480
bluestore fsck on mkfs = false
osd memory target = 939524096
run dir = $CEPH/run
admin socket = $CEPH/run/\$name.asok
pid file = $CEPH/run/\$name.pid
log file = $CEPH/log/\$name.log
mon data = $CEPH/mon.\$id
osd data = $CEPH/osd.\$id
keyring = $CEPH/keyring
[client.rgw.a]
rgw frontends = beast endpoint=127.0.0.1:$RGW_PORT
rgw data = $CEPH/rgw
rgw enable usage log = false
EOF
}

ceph_cli() { timeout 30 ceph -c "$CONF" "$@"; }

ceph_start() {
  need ceph-mon ceph-osd ceph monmaptool ceph-authtool
  [ -f "$CONF" ] || ceph_conf
  if [ ! -f "$CEPH/mon.a/kv_backend" ]; then
    say "creating the Ceph cluster in $CEPH"
    ceph_conf
    monmaptool --create --addv a "[v2:127.0.0.1:$MON_PORT]" --fsid "$(cat "$CEPH/fsid")" \
      "$CEPH/monmap" >/dev/null
    ceph-authtool --create-keyring "$CEPH/keyring" --gen-key -n mon. --cap mon 'allow *' >/dev/null
    ceph-mon -c "$CONF" --mkfs -i a --monmap "$CEPH/monmap" 2>>"$CEPH/log/setup.log"
  fi
  pid_alive "$CEPH/run/mon.a.pid" || ceph-mon -c "$CONF" -i a
  wait_for 30 "the Ceph monitor" ceph_cli -s
  if [ ! -f "$CEPH/osd.0/whoami" ]; then
    local id
    id="$(ceph_cli osd create)"
    [ "$id" = 0 ] || die "unexpected OSD id $id"
    ceph-osd -c "$CONF" -i 0 --mkfs 2>>"$CEPH/log/setup.log"
  fi
  pid_alive "$CEPH/run/osd.0.pid" || ceph-osd -c "$CONF" -i 0 2>>"$CEPH/log/setup.log"
  wait_for 60 "the Ceph OSD" osd_up
  rgw_start
}

osd_up() { ceph_cli osd stat 2>/dev/null | grep -q "1 up"; }

rgw_start() {
  need radosgw radosgw-admin
  if ! pid_alive "$CEPH/run/client.rgw.a.pid"; then
    radosgw -c "$CONF" -n client.rgw.a 2>>"$CEPH/log/setup.log"
  fi
  wait_for 120 "the S3 gateway" curl -sf -m 2 "http://127.0.0.1:$RGW_PORT/"
  if [ ! -f "$CEPH/rgw/user-made" ]; then
    timeout 60 radosgw-admin -c "$CONF" -n client.admin user create --uid=anyidphoto \
      --display-name=AnyIDPhoto --access-key="aidp$(secret s3-access | head -c 16)" \
      --secret="$(secret s3-secret)" >/dev/null
    touch "$CEPH/rgw/user-made"
  fi
}

rgw_stop() { stop_pid "$CEPH/run/client.rgw.a.pid"; }

ceph_stop() {
  rgw_stop
  stop_pid "$CEPH/run/osd.0.pid"
  stop_pid "$CEPH/run/mon.a.pid"
}

pid_alive() { [ -s "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

stop_pid() {
  pid_alive "$1" || return 0
  local pid
  pid="$(cat "$1")"
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
  kill -9 "$pid" 2>/dev/null || true
}

# --- all together -----------------------------------------------------------

print_env() {
  cat <<EOF
ANYIDPHOTO_DATABASE_URL=postgres://anyidphoto:$(secret postgres)@127.0.0.1:$PG_PORT/anyidphoto
ANYIDPHOTO_KEYS_DATABASE_URL=postgres://anyidphoto:$(secret postgres)@127.0.0.1:$PG_PORT/anyidphoto_keys
ANYIDPHOTO_REDIS_URL=redis://:$(secret redis)@127.0.0.1:$REDIS_PORT/0
ANYIDPHOTO_S3_ENDPOINT_URL=http://127.0.0.1:$RGW_PORT
ANYIDPHOTO_S3_BUCKET=anyidphoto
ANYIDPHOTO_S3_ACCESS_KEY=aidp$(secret s3-access | head -c 16)
ANYIDPHOTO_S3_SECRET_KEY=$(secret s3-secret)
EOF
}

status() {
  local name
  for name in postgres redis ceph rgw; do
    case $name in
      postgres) postgres_running && echo "postgres  running on 127.0.0.1:$PG_PORT" || echo "postgres  stopped" ;;
      redis) redis_running && echo "redis     running on 127.0.0.1:$REDIS_PORT" || echo "redis     stopped" ;;
      ceph) pid_alive "$CEPH/run/osd.0.pid" && echo "ceph      running (monitor 127.0.0.1:$MON_PORT)" || echo "ceph      stopped" ;;
      rgw) pid_alive "$CEPH/run/client.rgw.a.pid" && echo "rgw (S3)  running on 127.0.0.1:$RGW_PORT" || echo "rgw (S3)  stopped" ;;
    esac
  done
}

command="${1:-status}"
target="${2:-all}"
case "$command:$target" in
  start:*) mkdir -p "$VAR"; echo "$BASE" >"$VAR/port-base" ;;&
  start:all) postgres_start; redis_start; ceph_start; say "all running"; status ;;
  stop:all) ceph_stop; redis_stop; postgres_stop ;;
  start:postgres | start:redis | start:ceph) "${target}_start" ;;
  stop:postgres | stop:redis | stop:ceph) "${target}_stop" ;;
  start:rgw) rgw_start ;;
  stop:rgw) rgw_stop ;;
  status:*) status ;;
  env:*) print_env ;;
  destroy:*)
    ceph_stop; redis_stop; postgres_stop
    # A cluster kept outside $VAR (see pg_dir) goes with it.
    [ -L "$VAR/postgres" ] && rm -rf "$(readlink -f "$VAR/postgres")"
    rm -rf "$VAR" ;;
  *) die "usage: tools/services.sh start|stop|status|env|destroy [postgres|redis|ceph|rgw]" ;;
esac
