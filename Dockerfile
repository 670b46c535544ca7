# The platform's image: gunicorn (web), the Celery worker and the scheduler (beat) all run it with another
# command (docker-compose.yml). Static files are collected at build time; settings come from the environment.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    DJANGO_SETTINGS_MODULE=config.settings.production \
    PATH=/srv/copp/.venv/bin:$PATH \
    UV_PROJECT_ENVIRONMENT=/srv/copp/.venv

# gettext compiles the translations; the PostgreSQL client gives `manage.py backup` pg_dump and pg_restore;
# Node.js installs the front-end assets from package-lock.json.
RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
       gettext postgresql-client nodejs npm fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/* \
    && pip install --no-cache-dir uv \
    && useradd --system --create-home --home-dir /srv/copp copp

WORKDIR /srv/copp
COPY --chown=copp pyproject.toml uv.lock ./
RUN uv sync --frozen --no-dev --no-install-project
COPY --chown=copp package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY --chown=copp . .

# Build-time values only: production settings refuse to load without a strong key and a Redis cache address,
# and collecting static files touches neither.
RUN DJANGO_SECRET_KEY=build-only-$(python -c "import secrets; print(secrets.token_hex(32))") \
    REDIS_CACHE_URL=redis://build-only:6379/1 DATABASE_URL=postgresql://build@build-only/build \
    sh -c "python manage.py compilemessages -l ru -l en --ignore .venv --ignore node_modules >/dev/null \
           && python manage.py collectstatic --noinput >/dev/null" \
    && mkdir -p var/media var/backups \
    && chown -R copp var

USER copp
EXPOSE 8000
CMD ["gunicorn", "-c", "deploy/gunicorn.conf.py", "config.wsgi"]
