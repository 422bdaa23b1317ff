#!/usr/bin/env bash
# Run a command with the services the test suite needs: PostgreSQL and Redis, and the programs it calls.
#
#   tools/test-services.sh --check               name the Debian package of every missing program; exit 1 if any
#   tools/test-services.sh --missing-packages    print those packages' names only (for `apt-get install`)
#   tools/test-services.sh [--throwaway] COMMAND...
#
# COMMAND runs with DATABASE_URL, REDIS_URL and CELERY_BROKER_URL from the environment. Where the PostgreSQL or
# Redis server they name is not reachable (or always, with --throwaway), a throwaway one is started from the
# installed server programs, in a temporary data directory on a free loopback port, the URLs are pointed at it
# (same database name, same Redis database numbers), and it is stopped and deleted when COMMAND ends, however it
# ends. COMMAND's exit status is returned as it is (pytest's 5, "no tests ran", stays a failure).
set -euo pipefail

: "${DATABASE_URL:=postgres://postgres@127.0.0.1:5432/portal}"
: "${REDIS_URL:=redis://127.0.0.1:6379/14}"
: "${CELERY_BROKER_URL:=redis://127.0.0.1:6379/15}"

say() { echo "test-services: $*" >&2; }

# The PostgreSQL server programs: on PATH, else the newest of Debian's /usr/lib/postgresql/*/bin.
pg_bin() {
  local name=$1 dir
  if command -v "$name" >/dev/null 2>&1; then command -v "$name"; return; fi
  for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    if [ -x "$dir/$name" ]; then echo "$dir/$name"; return; fi
  done
  return 1
}

# One line per missing program: what it is for, and the Debian package that brings it.
missing_programs() {
  pg_bin initdb >/dev/null && pg_bin pg_ctl >/dev/null \
    || echo "postgresql|PostgreSQL server (initdb, pg_ctl): a throwaway database server for the tests"
  command -v pg_dump >/dev/null && command -v pg_restore >/dev/null && command -v pg_isready >/dev/null \
    || echo "postgresql-client|PostgreSQL client programs (pg_isready, pg_dump, pg_restore): backup tests"
  command -v redis-server >/dev/null || echo "redis-server|Redis server: cache, sessions and the Celery broker"
  command -v redis-cli >/dev/null || echo "redis-tools|redis-cli: to tell whether Redis answers"
  [ -x /usr/bin/chromium ] || echo "chromium|Chromium (/usr/bin/chromium): the browser tests"
  command -v msgfmt >/dev/null || echo "gettext|msgfmt: compiling the translations"
  command -v pdftoppm >/dev/null || echo "poppler-utils|pdftoppm: the PDF report checks"
  [ -x /usr/sbin/nginx ] || command -v nginx >/dev/null \
    || echo "nginx|nginx: the reverse proxy tests run deploy/nginx.conf in front of gunicorn"
  compgen -G "/usr/lib/*/libpango-1.0.so*" >/dev/null || compgen -G "/usr/lib/libpango-1.0.so*" >/dev/null \
    || { /sbin/ldconfig -p 2>/dev/null | grep -q 'libpango-1.0.so'; } \
    || echo "libpango-1.0-0|Pango: WeasyPrint renders the PDF reports with it"
  if [ ! -x .venv/bin/python ] && ! python3 -c 'import ensurepip, venv' >/dev/null 2>&1; then
    echo "python3-venv|python3 -m venv: the project's virtualenv"
  fi
}

case "${1:-}" in
  --check)
    missing=$(missing_programs)
    [ -z "$missing" ] && exit 0
    while IFS='|' read -r package what; do
      say "missing $what — install it with: apt-get install $package"
    done <<<"$missing"
    exit 1 ;;
  --missing-packages)
    missing_programs | cut -d'|' -f1 | tr '\n' ' '
    exit 0 ;;
esac

throwaway=0
if [ "${1:-}" = "--throwaway" ]; then throwaway=1; shift; fi
[ $# -gt 0 ] || { say "usage: $0 [--throwaway] COMMAND..."; exit 2; }
"$0" --check

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# scheme://[userinfo@]host[:port]/rest → the pieces, in globals.
split_url() {
  local url=$1
  [[ $url =~ ^([a-z0-9+]+)://(([^@/]*)@)?([^:/]+)(:([0-9]+))?(/.*)?$ ]] || { say "cannot read the URL $url"; exit 2; }
  url_scheme=${BASH_REMATCH[1]} url_user=${BASH_REMATCH[3]} url_host=${BASH_REMATCH[4]}
  url_port=${BASH_REMATCH[6]} url_rest=${BASH_REMATCH[7]}
}

workdir=""
pg_data="" pg_runner=() redis_pids=()
cleanup() {
  local status=$?
  if [ -n "$pg_data" ]; then
    "${pg_runner[@]}" "$(pg_bin pg_ctl)" -D "$pg_data" -m immediate -w stop >/dev/null 2>&1 || true
    say "stopped the throwaway PostgreSQL"
  fi
  local pid
  for pid in "${redis_pids[@]}"; do
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    say "stopped the throwaway Redis"
  done
  [ -n "$workdir" ] && rm -rf "$workdir"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

make_workdir() {
  if [ -z "$workdir" ]; then
    workdir=$(mktemp -d "${TMPDIR:-/tmp}/portal-test-services.XXXXXX")
    chmod 755 "$workdir"
  fi
}

start_postgres() {
  make_workdir
  local port account
  port=$(free_port)
  pg_data="$workdir/postgres"
  mkdir -p "$pg_data"
  # PostgreSQL refuses to run as root: run it as the postgres account (Debian's), or else as nobody.
  if [ "$(id -u)" = 0 ]; then
    account=postgres
    id -u postgres >/dev/null 2>&1 || account=nobody
    chown "$account" "$pg_data"
    pg_runner=(runuser -u "$account" --)
  fi
  "${pg_runner[@]}" "$(pg_bin initdb)" -D "$pg_data" -U postgres -A trust --no-sync -E UTF8 --locale=C.UTF-8 \
    >"$workdir/initdb.log" 2>&1 || { cat "$workdir/initdb.log" >&2; say "initdb failed"; exit 1; }
  "${pg_runner[@]}" "$(pg_bin pg_ctl)" -D "$pg_data" -l "$pg_data/server.log" -w -t 60 \
    -o "-p $port -k $pg_data -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off" start >/dev/null \
    || { cat "$pg_data/server.log" >&2; say "PostgreSQL did not start"; exit 1; }
  say "$1: started a throwaway PostgreSQL on 127.0.0.1:$port"
  DATABASE_URL="$url_scheme://postgres@127.0.0.1:$port$url_rest"
}

start_redis() {
  make_workdir
  local port
  port=$(free_port)
  mkdir -p "$workdir/redis-$port"
  redis-server --bind 127.0.0.1 --port "$port" --save "" --appendonly no --dir "$workdir/redis-$port" \
    --logfile "$workdir/redis-$port/server.log" &
  redis_pids+=($!)
  for _ in $(seq 1 100); do
    redis-cli -h 127.0.0.1 -p "$port" ping >/dev/null 2>&1 && break
    sleep 0.1
  done
  redis-cli -h 127.0.0.1 -p "$port" ping >/dev/null 2>&1 || { say "Redis did not start"; exit 1; }
  say "$1: started a throwaway Redis on 127.0.0.1:$port"
  redis_port=$port
}

# PostgreSQL: reachable is not enough, the URL's user must be let in (a fresh Debian cluster asks a password).
split_url "$DATABASE_URL"
if [ "$throwaway" = 1 ]; then
  start_postgres "--throwaway"
elif ! pg_isready -q -h "$url_host" -p "${url_port:-5432}" -t 3; then
  start_postgres "PostgreSQL at $url_host:${url_port:-5432} is not reachable"
elif ! refusal=$(psql "${DATABASE_URL%/*}/postgres" -Atqc "SELECT 1" 2>&1 >/dev/null); then
  start_postgres "PostgreSQL at $url_host:${url_port:-5432} refuses the connection (${refusal%%$'\n'*})"
fi

# The database the URL names exists (the suite's own test database is made beside it, and some tests use it).
split_url "$DATABASE_URL"
database=${url_rest#/}
database=${database%%\?*}
if [[ $database =~ ^[A-Za-z0-9_]+$ ]] && [ -z "$(psql "${DATABASE_URL%/*}/postgres" -Atqc \
    "SELECT 1 FROM pg_database WHERE datname = '$database'")" ]; then
  psql -q "${DATABASE_URL%/*}/postgres" -c "CREATE DATABASE $database" >/dev/null
  say "created the database $database"
fi

# Redis: the cache and the broker may name the same server; one throwaway serves both.
declare -A redis_started=()
point_redis() {
  local name=$1 url=${!1} key
  split_url "$url"
  key="$url_host:${url_port:-6379}"
  if [ -z "${redis_started[$key]:-}" ]; then
    if [ "$throwaway" = 1 ]; then
      start_redis "--throwaway"
      redis_started[$key]=$redis_port
    elif ! redis-cli -h "$url_host" -p "${url_port:-6379}" ping 2>/dev/null | grep -q PONG; then
      start_redis "Redis at $key does not answer"
      redis_started[$key]=$redis_port
    else
      redis_started[$key]=reachable
    fi
  fi
  if [ "${redis_started[$key]}" != reachable ]; then
    printf -v "$name" '%s' "$url_scheme://127.0.0.1:${redis_started[$key]}$url_rest"
  fi
}
point_redis REDIS_URL
point_redis CELERY_BROKER_URL

export DATABASE_URL REDIS_URL CELERY_BROKER_URL
set +e
"$@"
status=$?
set -e
if [ "$status" = 5 ]; then
  say "the command ran no test (exit status 5)"
fi
exit "$status"
