# refuge-guide: the Telegram bot. Build: docker build -t refuge-guide .
# Run:   docker run -d --name refuge-guide -e TELEGRAM_BOT_TOKEN=... \
#          -v refuge-guide-data:/data refuge-guide
FROM python:3.12-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    REFUGE_GUIDE_DATA_DIR=/data

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

# The bot stops cleanly on SIGTERM: `refuge-guide run` turns it into a stop of the polling
# loop, then the store checkpoints and closes. exec form: the signal reaches Python directly.
STOPSIGNAL SIGTERM
CMD ["refuge-guide", "run"]
