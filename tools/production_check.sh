#!/usr/bin/env bash
# The production-install check: the portal as `pip install .` installs it, run as production runs it.
#
#   make production-check      (= tools/test-services.sh --throwaway tools/production_check.sh)
#
# Needs DATABASE_URL (a PostgreSQL server where it may create and drop a database), REDIS_URL and
# CELERY_BROKER_URL (Redis databases it may use alone: the check's worker takes every task queued there).
# In a temporary folder it:
#   1. copies the source (what the Docker build context holds) and `pip install`s it, no extras, not editable,
#      into a fresh virtualenv, then deletes the copy: from then on nothing can be read from a checkout;
#   2. with DJANGO_ENV=production and test secrets, from an empty working directory: collectstatic (manifest
#      storage), migrate a fresh database, seed_programs and seed_demo;
#   3. starts a Celery worker on Redis and gunicorn on a free loopback port, both from the installed package with
#      its shipped gunicorn settings (portal/gunicorn_conf.py), and nginx in front with deploy/nginx.conf;
#   4. runs tests/production/check.py against it over HTTP: health and static files through nginx too, every
#      demo login signs in and crawls, the official's mid-term report PDF from the worker, the admin's refusal of
#      an invalid tax code;
#   5. stops everything it started and deletes the database and the folder, however it ends.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
: "${DATABASE_URL:?set DATABASE_URL (make production-check starts a throwaway server)}"
: "${REDIS_URL:?set REDIS_URL}"
: "${CELERY_BROKER_URL:?set CELERY_BROKER_URL}"
python=${PYTHON:-python3}

started=$SECONDS
say() { echo "production-check [$((SECONDS - started)) s]: $*" >&2; }

work=$(mktemp -d "${TMPDIR:-/tmp}/portal-production.XXXXXX")
server_url=${DATABASE_URL%/*}
database="portal_production_$(date +%s)_$$"
gunicorn_pid="" worker_pid="" nginx_pid="" database_created=0

stop() {  # stop PID [seconds]: TERM, then KILL after the grace period
  local pid=$1 grace=${2:-20}
  kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 $((grace * 10))); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  if kill -0 "$pid" 2>/dev/null; then
    say "process $pid did not stop in $grace s: killed"
    kill -KILL "$pid" 2>/dev/null || true
  fi
  wait "$pid" 2>/dev/null || true
}

cleanup() {
  local status=$?
  [ -n "$nginx_pid" ] && stop "$nginx_pid" 10
  [ -n "$gunicorn_pid" ] && stop "$gunicorn_pid" 20
  [ -n "$worker_pid" ] && stop "$worker_pid" 30
  if pgrep -f "$work/venv/bin/" >/dev/null 2>&1; then
    say "processes of the check still running: $(pgrep -f "$work/venv/bin/" | tr '\n' ' ')"
  fi
  if [ "$database_created" = 1 ]; then
    psql -q "$server_url/postgres" -c "DROP DATABASE IF EXISTS $database WITH (FORCE)" >/dev/null 2>&1 || true
  fi
  if [ "$status" != 0 ]; then
    for log in gunicorn.log worker.log nginx.log; do
      [ -s "$work/$log" ] && { say "last lines of $log:"; tail -n 40 "$work/$log" >&2; }
    done
  fi
  rm -rf "$work"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# 1. Install from a copy of the source, then remove the copy.
say "installing the portal into a fresh virtualenv (pip install ., no extras)"
mkdir "$work/src"
tar -C "$root" --exclude=./.git --exclude=./.venv --exclude=./.data --exclude=./media --exclude=./staticfiles \
  --exclude=./build --exclude='*.egg-info' --exclude=__pycache__ --exclude=./.pytest_cache --exclude=./.ruff_cache \
  --exclude=./test-artifacts -cf - . | tar -C "$work/src" -xf -
"$python" -m venv "$work/venv"
"$work/venv/bin/pip" install --disable-pip-version-check "$work/src" >"$work/pip.log" 2>&1 \
  || { tail -n 40 "$work/pip.log" >&2; say "pip install . failed"; exit 1; }
rm -rf "$work/src"
venv_bin="$work/venv/bin"
say "installed; the source copy is deleted"

# 2. The environment production runs with: settings from the environment only, secrets set to test values.
mkdir "$work/run" "$work/media" "$work/data"
cd "$work/run"
env_vars=(
  -u PYTHONPATH -u DEBUG -u DJANGO_READ_DOT_ENV
  DJANGO_SETTINGS_MODULE=portal.settings
  DJANGO_ENV=production
  SECRET_KEY="production-check-$(od -An -N24 -tx1 /dev/urandom | tr -d ' \n')"
  ALLOWED_HOSTS=127.0.0.1,localhost
  # Links sent out (e-mails, a certificate's QR code) are built from it; check --deploy refuses an http:// one.
  SITE_URL=https://localhost
  SECURE_SSL_REDIRECT=false
  DATABASE_URL="$server_url/$database"
  REDIS_URL="$REDIS_URL"
  CELERY_BROKER_URL="$CELERY_BROKER_URL"
  STATIC_ROOT="$work/static"
  MEDIA_ROOT="$work/media"
  PORTAL_DATA_DIR="$work/data"
  EMAIL_BACKEND=django.core.mail.backends.locmem.EmailBackend
)
prod() { env "${env_vars[@]}" "$@"; }

location=$(prod "$venv_bin/python" -c 'import portal; print(portal.__file__)')
case "$location" in
  "$work/venv/"*) say "the portal runs from the installed package: $location" ;;
  *) say "the portal is imported from $location, not from the installed package"; exit 1 ;;
esac

psql -q "$server_url/postgres" -c "CREATE DATABASE $database" >/dev/null
database_created=1
say "collectstatic, migrate, seed_programs, seed_demo on the fresh database $database"
prod "$venv_bin/django-admin" check --deploy --fail-level ERROR
prod "$venv_bin/django-admin" collectstatic --noinput -v0
[ -s "$work/static/staticfiles.json" ] || { say "collectstatic wrote no manifest"; exit 1; }
prod "$venv_bin/django-admin" migrate --noinput -v0
prod "$venv_bin/django-admin" seed_programs >/dev/null
# Demo data on purpose: this is a throwaway install, never a real one.
prod "$venv_bin/django-admin" seed_demo --enterprises 60 --products 30 --allow-production >/dev/null
prod "$venv_bin/django-admin" shell -v 0 -c '
import json
from demo.management.commands.seed_demo import DEMO_LOGINS
print(json.dumps([{"username": d.username, "password": d.password, "role": d.role} for d in DEMO_LOGINS]))
' >"$work/logins.json"

# 3. The worker and the web server, as docker-compose.yml runs them.
# Started with env itself (not through a function, which would run in a subshell of its own): $! is then the
# server's own process, which env execs, and stopping it stops the server.
env "${env_vars[@]}" "$venv_bin/celery" -A portal worker --loglevel=INFO --concurrency=1 --without-gossip \
  --without-mingle >"$work/worker.log" 2>&1 &
worker_pid=$!
# A free loopback port (inside TEST_PORT_RANGE=LOW-HIGH when it is set): tests/deploy/servers.py.
free_port() { (cd "$root" && "$python" -c 'from tests.deploy.servers import free_port; print(free_port())'); }
port=$(free_port)
env "${env_vars[@]}" GUNICORN_BIND="127.0.0.1:$port" WEB_CONCURRENCY=2 GUNICORN_ACCESS_LOG="$work/access.log" \
  "$venv_bin/gunicorn" --config python:portal.gunicorn_conf portal.wsgi:application >"$work/gunicorn.log" 2>&1 &
gunicorn_pid=$!
answers() {
  "$python" -c 'import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=5)' "$1" >/dev/null 2>&1
}
for _ in $(seq 1 120); do
  grep -q "ready" "$work/worker.log" 2>/dev/null && answers "http://127.0.0.1:$port/healthz" && break
  kill -0 "$worker_pid" 2>/dev/null || { say "the Celery worker stopped"; exit 1; }
  kill -0 "$gunicorn_pid" 2>/dev/null || { say "gunicorn stopped"; exit 1; }
  sleep 0.5
done
# nginx in front, with the shipped deploy/nginx.conf (addresses and paths of this machine: tests/deploy/servers.py)
# and the static root collectstatic wrote above.
proxy_port=$(free_port)
mkdir "$work/nginx"
(cd "$root" && "$python" -c '
import sys
from pathlib import Path
from tests.deploy.servers import render_nginx_conf
print(render_nginx_conf(upstream=sys.argv[1], listen=sys.argv[2], static_root=Path(sys.argv[3]), run_dir=Path(sys.argv[4])))
' "127.0.0.1:$port" "127.0.0.1:$proxy_port" "$work/static" "$work/nginx") >"$work/nginx/nginx.conf"
nginx=$(command -v nginx || echo /usr/sbin/nginx)
"$nginx" -p "$work/nginx" -c "$work/nginx/nginx.conf" -e "$work/nginx.log" -g "daemon off;" >>"$work/nginx.log" 2>&1 &
nginx_pid=$!
for _ in $(seq 1 20); do
  answers "http://127.0.0.1:$proxy_port/healthz" && break
  kill -0 "$nginx_pid" 2>/dev/null || { say "nginx stopped"; exit 1; }
  sleep 0.5
done
answers "http://127.0.0.1:$proxy_port/healthz" || { say "nginx does not pass /healthz on"; exit 1; }
say "gunicorn on 127.0.0.1:$port, nginx in front on 127.0.0.1:$proxy_port and a Celery worker, from $work/venv"

# 4. Over HTTP, as the users meet it.
cd "$root"
"$venv_bin/python" -m tests.production.check --base-url "http://127.0.0.1:$port" \
  --proxy-url "http://127.0.0.1:$proxy_port" --logins "$work/logins.json"
