"""One settings object, read once from the environment, with secrets that print as stars.

Names are the ones operators set: ``TELEGRAM_BOT_TOKEN``, ``TELEGRAM_API_BASE_URL``,
``REFUGE_GUIDE_DATA_DIR``, ``REFUGE_GUIDE_RETENTION_DAYS``, ``REFUGE_GUIDE_SECRET_FILE``,
``REFUGE_GUIDE_SECRET``, ``REFUGE_GUIDE_DATABASE_URL``, and for webhook mode
``REFUGE_GUIDE_WEBHOOK_URL``, ``REFUGE_GUIDE_WEBHOOK_LISTEN``, ``REFUGE_GUIDE_WEBHOOK_PORT``,
``REFUGE_GUIDE_WEBHOOK_SECRET``, ``REFUGE_GUIDE_WEBHOOK_SECRET_FILE``.

Webhook mode is on when ``REFUGE_GUIDE_WEBHOOK_URL`` is set; polling stays the default
because it needs nothing public. A webhook without a secret token would let anyone who
finds the URL post forged updates, so the token is required with it.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from pydantic import AliasChoices, Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from bot.errors import SecretError, SettingsError
from bot.pseudonym import decode_secret

TELEGRAM_API = "https://api.telegram.org"
_TOKEN = re.compile(r"^\d{1,20}:[A-Za-z0-9_-]{30,64}$")
_SECRET_PARAMETERS = frozenset({"password", "sslpassword", "passfile"})
_WEBHOOK_SECRET = re.compile(r"^[A-Za-z0-9_-]{32,256}$")
"""Telegram allows 1-256 of these characters; fewer than 32 would be guessable."""
_WEBHOOK_RULE = "must be 32 to 256 letters, digits, '_' or '-' (openssl rand -hex 32)"
_LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1"})


def redacted_url(url: str) -> str:
    """``url`` with its password replaced by stars, fit for a log line or an error."""
    try:
        parts = urlsplit(url)
        if parts.password is not None:
            user, host = parts.username or "", parts.netloc.rpartition("@")[2]
            parts = parts._replace(netloc=f"{user}:***@{host}")
        query = [
            (name, "***" if name.lower() in _SECRET_PARAMETERS else value)
            for name, value in parse_qsl(parts.query, keep_blank_values=True)
        ]
        return urlunsplit(parts._replace(query=urlencode(query, safe="*/:")))
    except ValueError:
        return "(a malformed database URL)"


def default_data_dir() -> Path:
    """Per-user data directory: ``$XDG_DATA_HOME/refuge-guide`` or ``~/.local/share/...``."""
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "refuge-guide"


class Settings(BaseSettings):
    """Everything the program reads from its environment, validated once at start-up."""

    model_config = SettingsConfigDict(
        extra="ignore", hide_input_in_errors=True, populate_by_name=True
    )

    telegram_bot_token: SecretStr | None = Field(
        default=None, validation_alias=AliasChoices("TELEGRAM_BOT_TOKEN")
    )
    telegram_api_base_url: str = Field(
        default=TELEGRAM_API, validation_alias=AliasChoices("TELEGRAM_API_BASE_URL")
    )
    data_dir: Path = Field(
        default_factory=default_data_dir, validation_alias=AliasChoices("REFUGE_GUIDE_DATA_DIR")
    )
    retention_days: int = Field(
        default=30, ge=1, le=3650, validation_alias=AliasChoices("REFUGE_GUIDE_RETENTION_DAYS")
    )
    secret_file: Path | None = Field(
        default=None, validation_alias=AliasChoices("REFUGE_GUIDE_SECRET_FILE")
    )
    secret: SecretStr | None = Field(
        default=None, validation_alias=AliasChoices("REFUGE_GUIDE_SECRET")
    )

    database_url: SecretStr | None = Field(
        default=None, validation_alias=AliasChoices("REFUGE_GUIDE_DATABASE_URL")
    )

    webhook_url: str | None = Field(
        default=None, validation_alias=AliasChoices("REFUGE_GUIDE_WEBHOOK_URL")
    )
    webhook_listen: str = Field(
        default="127.0.0.1", validation_alias=AliasChoices("REFUGE_GUIDE_WEBHOOK_LISTEN")
    )
    webhook_port: int = Field(
        default=8080, ge=1, le=65535, validation_alias=AliasChoices("REFUGE_GUIDE_WEBHOOK_PORT")
    )
    webhook_secret: SecretStr | None = Field(
        default=None, validation_alias=AliasChoices("REFUGE_GUIDE_WEBHOOK_SECRET")
    )
    webhook_secret_file: Path | None = Field(
        default=None, validation_alias=AliasChoices("REFUGE_GUIDE_WEBHOOK_SECRET_FILE")
    )

    @field_validator("webhook_url")
    @classmethod
    def _webhook_url(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        url = value.strip()
        try:
            parts = urlsplit(url)
        except ValueError:
            raise ValueError("REFUGE_GUIDE_WEBHOOK_URL is not a URL") from None
        # Telegram posts updates to HTTPS only; plain HTTP is for a local emulator.
        local = parts.scheme == "http" and parts.hostname in _LOOPBACK
        if not (parts.scheme == "https" or local) or not parts.hostname:
            raise ValueError(
                "REFUGE_GUIDE_WEBHOOK_URL must be an https:// address Telegram can reach "
                "(plain http:// only on this machine, for tests)"
            )
        if parts.query or parts.fragment:
            raise ValueError("REFUGE_GUIDE_WEBHOOK_URL must not have a query or a fragment")
        return url

    @field_validator("webhook_secret")
    @classmethod
    def _webhook_secret_shape(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and not _WEBHOOK_SECRET.match(value.get_secret_value()):
            raise ValueError(f"REFUGE_GUIDE_WEBHOOK_SECRET {_WEBHOOK_RULE}")
        return value

    @model_validator(mode="after")
    def _webhook_needs_a_secret(self) -> Settings:
        if self.webhook_secret is not None and self.webhook_secret_file is not None:
            raise ValueError(
                "set REFUGE_GUIDE_WEBHOOK_SECRET or REFUGE_GUIDE_WEBHOOK_SECRET_FILE, not both"
            )
        if self.webhook_url is not None and (
            self.webhook_secret is None and self.webhook_secret_file is None
        ):
            raise ValueError(
                "with REFUGE_GUIDE_WEBHOOK_URL, set REFUGE_GUIDE_WEBHOOK_SECRET or "
                "REFUGE_GUIDE_WEBHOOK_SECRET_FILE (Telegram then proves each update is its "
                "own; make one with: openssl rand -hex 32)"
            )
        return self

    @field_validator("database_url")
    @classmethod
    def _postgres_url(cls, value: SecretStr | None) -> SecretStr | None:
        if value is None or not value.get_secret_value().strip():
            return None
        url = value.get_secret_value().strip()
        if not url.startswith(("postgresql://", "postgres://")):
            raise ValueError(
                "REFUGE_GUIDE_DATABASE_URL must start with postgresql:// "
                "(leave it unset to keep sessions in SQLite in the data directory)"
            )
        return SecretStr(url)

    @field_validator("secret")
    @classmethod
    def _secret_decodes(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None:
            try:
                decode_secret(value.get_secret_value())
            except SecretError as exc:
                raise ValueError(f"REFUGE_GUIDE_SECRET {exc}") from None
        return value

    @model_validator(mode="after")
    def _one_secret_source(self) -> Settings:
        if self.secret is not None and self.secret_file is not None:
            raise ValueError("set REFUGE_GUIDE_SECRET or REFUGE_GUIDE_SECRET_FILE, not both")
        return self

    @model_validator(mode="after")
    def _shared_secret_for_a_shared_database(self) -> Settings:
        # Processes sharing a database must derive the same keys from the same user ids;
        # a secret each one made for itself would split every person into two sessions.
        if self.database_url is not None and self.secret is None and self.secret_file is None:
            raise ValueError(
                "with REFUGE_GUIDE_DATABASE_URL, every process needs the same session "
                "secret: set REFUGE_GUIDE_SECRET or REFUGE_GUIDE_SECRET_FILE"
            )
        return self

    @field_validator("telegram_api_base_url")
    @classmethod
    def _strip_slash(cls, value: str) -> str:
        if not value.startswith(("http://", "https://")):
            raise ValueError("TELEGRAM_API_BASE_URL must start with http:// or https://")
        return value.rstrip("/")

    @property
    def mode(self) -> str:
        """``"webhook"`` when a webhook URL is set, else ``"polling"`` (the default)."""
        return "webhook" if self.webhook_url is not None else "polling"

    @property
    def webhook_path(self) -> str:
        """The path of the webhook URL: where the bot's own server takes updates."""
        return urlsplit(self.webhook_url or "").path or "/"

    def webhook_secret_token(self) -> str:
        """The webhook's secret token, from the variable or the file; a
        :class:`SettingsError` naming the problem (never the value) otherwise."""
        if self.webhook_secret is not None:
            return self.webhook_secret.get_secret_value()
        if self.webhook_secret_file is None:
            raise SettingsError("webhook mode needs REFUGE_GUIDE_WEBHOOK_SECRET(_FILE)")
        try:
            token = self.webhook_secret_file.read_text(encoding="ascii").strip()
        except (OSError, UnicodeDecodeError) as exc:
            raise SettingsError(
                f"REFUGE_GUIDE_WEBHOOK_SECRET_FILE cannot be read ({type(exc).__name__})"
            ) from None
        if not _WEBHOOK_SECRET.match(token):
            raise SettingsError(f"the file in REFUGE_GUIDE_WEBHOOK_SECRET_FILE {_WEBHOOK_RULE}")
        return token

    @property
    def database_path(self) -> Path:
        """The SQLite file, created on first use."""
        return self.data_dir / "sessions.sqlite3"

    @property
    def database_shown(self) -> str:
        """Where sessions are kept, as an operator may see it: never a password."""
        if self.database_url is not None:
            return redacted_url(self.database_url.get_secret_value())
        return home_hidden(self.database_path)

    @property
    def secret_path(self) -> Path:
        """Where the pseudonymisation key lives: never inside the database."""
        return self.secret_file or self.data_dir / "session-key.secret"

    def secret_bytes(self) -> bytes | None:
        """The key given in ``REFUGE_GUIDE_SECRET``, decoded; ``None`` to use the file."""
        return decode_secret(self.secret.get_secret_value()) if self.secret else None

    def require_token(self) -> str:
        """The bot token, or a :class:`SettingsError` that says what to set."""
        if self.telegram_bot_token is None or not self.telegram_bot_token.get_secret_value():
            raise SettingsError(
                "TELEGRAM_BOT_TOKEN is not set: ask @BotFather for a token and export it."
            )
        token = self.telegram_bot_token.get_secret_value().strip()
        if not _TOKEN.match(token):
            raise SettingsError(
                "TELEGRAM_BOT_TOKEN is malformed: expected digits, a colon, then 30-64 "
                "letters, digits, '_' or '-' (as given by @BotFather)."
            )
        return token


def load_settings() -> Settings:
    """Read the environment once; a malformed value becomes a :class:`SettingsError`."""
    from pydantic import ValidationError

    try:
        return Settings()
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc']) or 'settings'}: {err['msg']}"
            for err in exc.errors()
        )
        raise SettingsError(f"invalid settings: {problems}") from None


def home_hidden(path: Path) -> str:
    """``path`` with the home directory written ``~``: a log line names no account.

    The default data directory sits under the operator's home, whose name is often a
    person's name; logs are shipped and kept, so they show ``~/...`` instead.
    """
    try:
        return str(Path("~") / path.resolve().relative_to(Path.home().resolve()))
    except (ValueError, RuntimeError):
        return str(path)
