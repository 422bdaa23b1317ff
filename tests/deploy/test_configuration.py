"""docker-compose.yml, the Dockerfile and the two server configurations agree with each other and with the portal's
own limits (Docker itself does not run here: these are read; tests/deploy/test_nginx.py runs the configurations)."""

import re
from pathlib import Path

import yaml
from django.conf import settings

from portal import gunicorn_conf

ROOT = Path(__file__).resolve().parents[2]
NGINX_CONF = (ROOT / "deploy" / "nginx.conf").read_text()
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
DOCKERFILE = (ROOT / "Dockerfile").read_text()


def nginx_value(directive: str) -> str:
    values = re.findall(rf"^\s*{directive}\s+([^;{{}}]+);", NGINX_CONF, re.MULTILINE)
    assert len(values) == 1, f"{directive} appears {len(values)} times in deploy/nginx.conf"
    return values[0]


def seconds(value: str) -> int:
    number, unit = re.fullmatch(r"(\d+)(s|m)?", value).groups()
    return int(number) * (60 if unit == "m" else 1)


def test_only_nginx_is_published_and_it_fronts_gunicorn():
    services = COMPOSE["services"]
    published = {name: service["ports"] for name, service in services.items() if service.get("ports")}
    assert published == {"proxy": ["8000:80"]}
    assert services["proxy"]["build"]["target"] == "proxy"
    assert services["proxy"]["depends_on"]["web"]["condition"] == "service_healthy"
    assert nginx_value("server") == "web:8000"
    assert "python:portal.gunicorn_conf" in services["web"]["command"]
    assert 'CMD ["gunicorn", "--config", "python:portal.gunicorn_conf"' in DOCKERFILE


def test_the_portal_trusts_exactly_the_one_proxy_in_front_of_it():
    web = COMPOSE["services"]["web"]["environment"]
    assert web["TRUSTED_PROXY_COUNT"] == "1"
    assert nginx_value("proxy_set_header X-Forwarded-For") == "$proxy_add_x_forwarded_for"
    assert nginx_value("proxy_set_header X-Forwarded-Proto") == "$scheme"
    for other in ("worker", "beat"):  # no requests there; nothing to trust
        assert "TRUSTED_PROXY_COUNT" not in COMPOSE["services"][other]["environment"]


def test_nginx_body_cap_sits_just_above_the_portal_request_cap():
    cap = nginx_value("client_max_body_size")
    assert cap == "12m"
    nginx_bytes = int(cap[:-1]) * 1024 * 1024
    portal_bytes = getattr(settings, "REQUEST_MAX_BYTES", settings.UPLOAD_MAX_BYTES)
    assert settings.UPLOAD_MAX_BYTES <= portal_bytes <= nginx_bytes <= portal_bytes + 2 * 1024 * 1024


def test_timeouts_hand_a_long_request_to_gunicorn_to_end():
    assert seconds(nginx_value("client_header_timeout")) <= 10
    assert seconds(nginx_value("client_body_timeout")) <= 60
    assert nginx_value("proxy_buffering") == "on"
    assert nginx_value("proxy_request_buffering") == "on"
    # nginx waits longer than gunicorn lets a request run, so that gunicorn's timeout is the one that fires.
    assert seconds(nginx_value("proxy_read_timeout")) > gunicorn_conf.timeout
    assert gunicorn_conf.graceful_timeout <= gunicorn_conf.timeout
    assert gunicorn_conf.worker_class == "sync"
    assert gunicorn_conf.bind == ["0.0.0.0:8000"]


def test_nginx_serves_the_static_files_the_portal_image_collected():
    alias = nginx_value("alias")
    assert alias == "/srv/static/"
    assert re.search(r"^COPY --from=portal /app/staticfiles /srv/static$", DOCKERFILE, re.MULTILINE)
    assert re.search(r"^COPY deploy/nginx.conf /etc/nginx/nginx.conf$", DOCKERFILE, re.MULTILINE)
    assert "STATIC_ROOT=/app/staticfiles" in DOCKERFILE
    assert settings.STATIC_URL == "/static/"
