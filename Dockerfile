# Two images from one build (docker-compose.yml picks each by its target):
#   portal  web, worker and beat: the portal installed as a package (`pip install .`), run from /app, which holds no
#           source, only the collected static files and the data folder. The default target (the last stage).
#   proxy   nginx in front of web (deploy/nginx.conf), serving the static files collected in `portal` itself.
FROM python:3.11-slim-bookworm AS portal

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=portal.settings STATIC_ROOT=/app/staticfiles PORTAL_DATA_DIR=/app/.data
# WeasyPrint needs Pango; gettext compiles the translations; poppler is used by the operator tools.
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b gettext \
       poppler-utils postgresql-client \
    && rm -rf /var/lib/apt/lists/*

# Compile the translations into the source, package and install it (the apps, templates, static files and
# translations are package data: pyproject.toml, setup.py), then drop the source.
COPY . /src
RUN find /src -path '*/locale/*/LC_MESSAGES/django.po' -execdir msgfmt --check-format -o django.mo django.po \; \
    && pip install --no-cache-dir /src \
    && rm -rf /src

WORKDIR /app
RUN STATIC_MANIFEST=1 django-admin collectstatic --noinput -v0

RUN useradd --system --home /app portal && mkdir -p /app/.data/media && chown -R portal /app/.data
USER portal
EXPOSE 8000
# Sync workers, never exposed to clients: nginx (the proxy image) buffers every request and response for them.
CMD ["gunicorn", "--config", "python:portal.gunicorn_conf", "portal.wsgi:application"]

# The reverse proxy: the official nginx image, this repository's configuration, and the very static files the
# portal image collected (the manifest's hashed names match the pages that image renders).
FROM nginx:1.27-bookworm AS proxy
COPY deploy/nginx.conf /etc/nginx/nginx.conf
COPY --from=portal /app/staticfiles /srv/static
EXPOSE 80

# `docker build .` without a target still gives the portal image.
FROM portal
