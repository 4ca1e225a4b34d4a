# refuge-guide: the Telegram bot. Build: docker build -t refuge-guide .
# Run:   docker run -d --name refuge-guide -e TELEGRAM_BOT_TOKEN=... \
#          -v refuge-guide-data:/data refuge-guide
# Webhook mode (two processes on PostgreSQL behind a load balancer): docs/deploy.md.
FROM python:3.12-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    REFUGE_GUIDE_DATA_DIR=/data \
    REFUGE_GUIDE_WEBHOOK_LISTEN=0.0.0.0 \
    REFUGE_GUIDE_WEBHOOK_PORT=8080

WORKDIR /app
COPY pyproject.toml README.md babel.cfg ./
COPY bot ./bot
COPY dialogs ./dialogs
COPY locales ./locales
# The postgres extra (asyncpg) lets the same image use REFUGE_GUIDE_DATABASE_URL.
RUN pip install '.[postgres]' \
    && useradd --system --uid 10001 --home-dir /data --shell /usr/sbin/nologin guide \
    && mkdir -p /data && chown guide:guide /data && chmod 700 /data

USER guide
VOLUME ["/data"]

# Fail the build if a flow, the knowledge base or a translation is broken.
RUN refuge-guide check

# Webhook mode only (REFUGE_GUIDE_WEBHOOK_URL set): updates and GET /healthz on this port.
EXPOSE 8080

# Liveness: in webhook mode the bot's server answers /healthz; in polling mode the last
# successful poll is under a minute old. Exit 0 healthy, 1 not (bot/health.py).
HEALTHCHECK --interval=30s --timeout=10s --start-period=60s --retries=3 \
    CMD ["refuge-guide", "health"]

# The bot stops cleanly on SIGTERM: `refuge-guide run` turns it into a stop of the polling
# loop (or of the webhook server, after the updates in flight), then the store checkpoints
# and closes. exec form: the signal reaches Python directly.
STOPSIGNAL SIGTERM
CMD ["refuge-guide", "run"]
