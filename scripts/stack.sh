#!/usr/bin/env bash
# ModelGate's local stack: Apache Kafka (KRaft), PostgreSQL and Redis.
#
#   scripts/stack.sh up     [kafka|postgres|redis ...]   start (idempotent) and wait until each answers
#   scripts/stack.sh down   [kafka|postgres|redis ...]   stop only what `up` started
#   scripts/stack.sh status                              one line per service; exit 0 when all answer
#
# Where a Docker engine answers, `up`/`down` use docker-compose.yml. Where none does, PostgreSQL and
# Redis run as the machine has them (started if stopped, installed from Debian if missing) and Kafka
# is a real broker started with `java` from Maven Central's jars (fetched once into .stack/kafka/jars).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
STACK_DIR=${MODELGATE_STACK_DIR:-$ROOT/.stack}
KAFKA_HOME=$STACK_DIR/kafka
KAFKA_PORT=${KAFKA_PORT:-9092}
KAFKA_CONTROLLER_PORT=${KAFKA_CONTROLLER_PORT:-9093}
KAFKA_TOPIC_PARTITIONS=${KAFKA_TOPIC_PARTITIONS:-3}
KAFKA_HEAP=${KAFKA_HEAP:-1g}
PG_HOST=${PGHOST:-127.0.0.1}
PG_PORT=${PGPORT:-5432}
PG_ADMIN_USER=${PG_ADMIN_USER:-postgres}
DB_USER=${DATABASE_USER:-modelgate}
DB_PASSWORD=${DATABASE_PASSWORD:-modelgate}
DB_NAMES=${DATABASE_NAMES:-modelgate modelgate_test}
REDIS_PORT=${REDIS_PORT:-6379}
STARTED=$STACK_DIR/started-by-stack # services this script started, so `down` stops only those

log() { printf '[stack] %s\n' "$*" >&2; }
fail() {
  printf '[stack] ERROR: %s\n' "$1" >&2
  [ -n "${2:-}" ] && printf '[stack]   next step: %s\n' "$2" >&2
  exit 1
}
mark_started() { mkdir -p "$STACK_DIR"; grep -qx "$1" "$STARTED" 2>/dev/null || echo "$1" >>"$STARTED"; }
unmark_started() { [ -f "$STARTED" ] && sed -i "/^$1\$/d" "$STARTED" || true; }
was_started() { grep -qx "$1" "$STARTED" 2>/dev/null; }
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
apt_install() {
  log "installing $* from Debian's packages"
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null; } ||
    fail "could not install $*" "install them by hand (apt-get install $*) and run 'scripts/stack.sh up' again"
}
wait_until() { # seconds, description, command...
  local deadline=$((SECONDS + $1)) what=$2
  shift 2
  until "$@"; do
    [ "$SECONDS" -lt "$deadline" ] || return 1
    sleep 0.5
  done
  log "$what is up"
}
docker_engine() { command -v docker >/dev/null 2>&1 && docker info >/dev/null 2>&1; }

# ---- PostgreSQL -------------------------------------------------------------------------------
pg_ready() { pg_isready -q -h "$PG_HOST" -p "$PG_PORT"; }
psql_admin() { psql -X -q -v ON_ERROR_STOP=1 -h "$PG_HOST" -p "$PG_PORT" -U "$PG_ADMIN_USER" -d postgres "$@"; }
postgres_up() {
  if ! pg_ready 2>/dev/null; then
    command -v pg_ctlcluster >/dev/null 2>&1 || apt_install postgresql
    local version
    version=$(ls /etc/postgresql | sort -V | tail -n 1)
    log "starting PostgreSQL $version"
    pg_ctlcluster --skip-systemctl-redirect "$version" main start ||
      fail "PostgreSQL $version did not start" "read /var/log/postgresql/postgresql-$version-main.log"
    mark_started postgres
  fi
  wait_until 30 "PostgreSQL ($PG_HOST:$PG_PORT)" pg_ready ||
    fail "PostgreSQL does not answer on $PG_HOST:$PG_PORT" "check 'pg_lsclusters' and the server log"
  psql_admin -c "DO \$\$ BEGIN
      IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$DB_USER') THEN
        CREATE ROLE $DB_USER LOGIN PASSWORD '$DB_PASSWORD' CREATEDB;
      END IF;
    END \$\$;" || fail "could not create the role $DB_USER" "connect with 'psql -U $PG_ADMIN_USER' and check its rights"
  local db
  for db in $DB_NAMES; do
    if [ -z "$(psql_admin -tAc "SELECT 1 FROM pg_database WHERE datname = '$db'")" ]; then
      psql_admin -c "CREATE DATABASE $db OWNER $DB_USER" >/dev/null
      log "created database $db"
    fi
  done
}
postgres_down() {
  was_started postgres || { log "PostgreSQL was not started by this script: left running"; return; }
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | sort -V | tail -n 1)" main stop
  unmark_started postgres
  log "PostgreSQL stopped"
}

# ---- Redis ------------------------------------------------------------------------------------
redis_ready() { [ "$(redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null)" = PONG ]; }
redis_up() {
  if ! redis_ready; then
    command -v redis-server >/dev/null 2>&1 || apt_install redis-server
    mkdir -p "$STACK_DIR/redis"
    log "starting Redis on 127.0.0.1:$REDIS_PORT"
    redis-server --daemonize yes --bind 127.0.0.1 --port "$REDIS_PORT" --save "" --appendonly no \
      --dir "$STACK_DIR/redis" --logfile "$STACK_DIR/redis/redis.log" ||
      fail "Redis did not start" "read $STACK_DIR/redis/redis.log"
    mark_started redis
  fi
  wait_until 20 "Redis (127.0.0.1:$REDIS_PORT)" redis_ready ||
    fail "Redis does not answer on 127.0.0.1:$REDIS_PORT" "read $STACK_DIR/redis/redis.log"
}
redis_down() {
  was_started redis || { log "Redis was not started by this script: left running"; return; }
  redis-cli -h 127.0.0.1 -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true
  unmark_started redis
  log "Redis stopped"
}

# ---- Kafka ------------------------------------------------------------------------------------
kafka_pid() { [ -f "$KAFKA_HOME/kafka.pid" ] && kill -0 "$(cat "$KAFKA_HOME/kafka.pid")" 2>/dev/null && cat "$KAFKA_HOME/kafka.pid"; }
kafka_jars() {
  command -v java >/dev/null 2>&1 || apt_install openjdk-17-jre-headless
  command -v mvn >/dev/null 2>&1 || apt_install maven
  local stamp
  stamp=$(sha256sum "$ROOT/scripts/kafka/pom.xml" | cut -d' ' -f1)
  if [ "$(cat "$KAFKA_HOME/jars/.pom-sha256" 2>/dev/null)" != "$stamp" ]; then
    log "fetching the Kafka broker's jars from Maven Central (once; cached in $KAFKA_HOME/jars)"
    rm -rf "$KAFKA_HOME/jars"
    mvn -q -B -f "$ROOT/scripts/kafka/pom.xml" dependency:copy-dependencies -DincludeScope=runtime \
      -DoutputDirectory="$KAFKA_HOME/jars" >"$KAFKA_HOME/maven.log" 2>&1 ||
      fail "Maven could not fetch the Kafka jars" "read $KAFKA_HOME/maven.log (is Maven Central reachable?)"
    echo "$stamp" >"$KAFKA_HOME/jars/.pom-sha256"
  fi
}
kafka_configure() {
  local data=$KAFKA_HOME/data
  sed -e "s|@KAFKA_PORT@|$KAFKA_PORT|g" -e "s|@CONTROLLER_PORT@|$KAFKA_CONTROLLER_PORT|g" \
    -e "s|@DATA_DIR@|$data|g" -e "s|@PARTITIONS@|$KAFKA_TOPIC_PARTITIONS|g" \
    "$ROOT/scripts/kafka/server.properties.template" >"$KAFKA_HOME/server.properties"
  if [ ! -f "$data/meta.properties" ]; then
    local cluster_id
    cluster_id=$(java -cp "$KAFKA_HOME/jars/*" kafka.tools.StorageTool random-uuid)
    java -cp "$KAFKA_HOME/jars/*" -Dlog4j2.configurationFile="$ROOT/scripts/kafka/log4j2.properties" \
      -Dkafka.logs.dir="$KAFKA_HOME/logs" kafka.tools.StorageTool format -g -t "$cluster_id" \
      -c "$KAFKA_HOME/server.properties" >"$KAFKA_HOME/format.log" 2>&1 ||
      fail "formatting Kafka's storage failed" "read $KAFKA_HOME/format.log; 'rm -rf $data' starts from scratch"
    log "formatted Kafka storage (cluster $cluster_id)"
  fi
}
kafka_topics() {
  [ -f "$ROOT/dist/scripts/kafka-topics.js" ] || (cd "$ROOT" && npm run -s build) ||
    fail "building the project failed" "run 'npm ci' first, then 'npm run build'"
  KAFKA_BROKERS="127.0.0.1:$KAFKA_PORT" KAFKA_TOPIC_PARTITIONS=$KAFKA_TOPIC_PARTITIONS \
    node "$ROOT/dist/scripts/kafka-topics.js" ||
    fail "Kafka's admin API did not answer" "read $KAFKA_HOME/logs/server.log"
}
kafka_up() {
  mkdir -p "$KAFKA_HOME/logs"
  if [ -z "$(kafka_pid || true)" ]; then
    port_open "$KAFKA_PORT" && fail "port $KAFKA_PORT is taken by another process" \
      "stop it, or set KAFKA_PORT to a free port"
    kafka_jars
    kafka_configure
    log "starting Kafka (KRaft) on 127.0.0.1:$KAFKA_PORT"
    nohup java -Xms256m -Xmx"$KAFKA_HEAP" -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -Djava.awt.headless=true \
      -Dkafka.logs.dir="$KAFKA_HOME/logs" -Dlog4j2.configurationFile="$ROOT/scripts/kafka/log4j2.properties" \
      -cp "$KAFKA_HOME/jars/*" kafka.Kafka "$KAFKA_HOME/server.properties" >"$KAFKA_HOME/logs/stdout.log" 2>&1 &
    echo $! >"$KAFKA_HOME/kafka.pid"
    mark_started kafka
  fi
  local deadline=$((SECONDS + 90))
  until port_open "$KAFKA_PORT"; do
    [ -n "$(kafka_pid || true)" ] || fail "Kafka exited while starting" \
      "read $KAFKA_HOME/logs/server.log and $KAFKA_HOME/logs/stdout.log"
    [ "$SECONDS" -lt "$deadline" ] || fail "Kafka did not open port $KAFKA_PORT within 90 s" \
      "read $KAFKA_HOME/logs/server.log"
    sleep 0.5
  done
  kafka_topics
  log "Kafka (127.0.0.1:$KAFKA_PORT) is up"
}
kafka_down() {
  local pid
  pid=$(kafka_pid || true)
  if [ -z "$pid" ]; then
    log "Kafka is not running from $KAFKA_HOME"
  else
    kill -TERM "$pid" # controlled shutdown
    local deadline=$((SECONDS + 60))
    while kill -0 "$pid" 2>/dev/null; do
      [ "$SECONDS" -lt "$deadline" ] || { log "Kafka ignored SIGTERM for 60 s: killing it"; kill -KILL "$pid"; }
      sleep 0.2
    done
    log "Kafka stopped"
  fi
  rm -f "$KAFKA_HOME/kafka.pid"
  unmark_started kafka
}

# ---- Docker -----------------------------------------------------------------------------------
compose() { docker compose -f "$ROOT/docker-compose.yml" "$@"; }

# ---- main -------------------------------------------------------------------------------------
status() {
  local all=0
  if pg_ready 2>/dev/null; then log "postgres: up ($PG_HOST:$PG_PORT)"; else log "postgres: down"; all=3; fi
  if redis_ready; then log "redis: up (127.0.0.1:$REDIS_PORT)"; else log "redis: down"; all=3; fi
  if port_open "$KAFKA_PORT"; then log "kafka: up (127.0.0.1:$KAFKA_PORT)"; else log "kafka: down"; all=3; fi
  return $all
}

command=${1:-status}
shift || true
services=("$@")
[ ${#services[@]} -gt 0 ] || services=(postgres redis kafka)
mkdir -p "$STACK_DIR"

case "$command" in
up)
  if docker_engine && [ -z "${MODELGATE_NO_DOCKER:-}" ]; then
    compose up -d --wait
    exit 0
  fi
  for service in "${services[@]}"; do "${service}_up"; done
  ;;
down)
  if docker_engine && [ -z "${MODELGATE_NO_DOCKER:-}" ]; then
    compose down
    exit 0
  fi
  for ((i = ${#services[@]} - 1; i >= 0; i--)); do "${services[$i]}_down"; done
  ;;
status) status ;;
*) fail "unknown command '$command'" "use: scripts/stack.sh up|down|status [kafka|postgres|redis ...]" ;;
esac
