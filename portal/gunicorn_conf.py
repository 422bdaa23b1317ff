"""gunicorn's settings for the portal, read with `gunicorn --config python:portal.gunicorn_conf portal.wsgi`.

The portal runs sync workers behind nginx (deploy/nginx.conf): nginx reads every request in full and takes every
response at the speed of the network, so a worker is busy only while Django computes. A worker never talks to a
slow client; that is why gunicorn must not be reachable except through nginx. Each value can be set from the
environment for one deployment without editing this file.
"""

import os

# Where nginx finds the workers: inside the compose network only (docker-compose.yml publishes nginx, not this).
bind = [os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")]
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))
worker_class = "sync"
# A request that computes for longer than this is stopped (its worker restarted): no page of the portal takes
# seconds; reports are made by the Celery worker. nginx waits for the answer somewhat longer (proxy_read_timeout).
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
# On a restart or a deploy, a worker finishes the request it is answering for up to this long.
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "30"))
# nginx opens one connection per request to a sync worker; an idle one is not kept open.
keepalive = 2
# Restart each worker now and then, so that a slow growth of memory never builds up (jitter: not all at once).
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = 200
# The addresses whose X-Forwarded-Proto gunicorn believes (for wsgi.url_scheme). Inside the compose network only
# nginx reaches gunicorn, so docker-compose.yml sets "*"; anywhere else keep the proxy's own address.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
# The heartbeat file in memory: a container's /tmp may be an overlay on a slow disk.
worker_tmp_dir = os.environ.get("GUNICORN_WORKER_TMP_DIR", "/dev/shm" if os.path.isdir("/dev/shm") else None)
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = "-"
