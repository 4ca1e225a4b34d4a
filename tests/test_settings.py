"""Webhook settings as an operator gives them: a URL Telegram can reach, and a secret."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.errors import SettingsError
from bot.settings import Settings, load_settings

URL = "https://guide.example.org/telegram"
SECRET = "a" * 32


def test_polling_is_the_default(monkeypatch: pytest.MonkeyPatch) -> None:
    settings = load_settings()
    assert settings.mode == "polling"
    assert (settings.webhook_listen, settings.webhook_port) == ("127.0.0.1", 8080)


def test_a_webhook_url_and_secret_turn_webhook_mode_on(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REFUGE_GUIDE_WEBHOOK_URL", URL)
    monkeypatch.setenv("REFUGE_GUIDE_WEBHOOK_SECRET", SECRET)
    monkeypatch.setenv("REFUGE_GUIDE_WEBHOOK_LISTEN", "0.0.0.0")
    monkeypatch.setenv("REFUGE_GUIDE_WEBHOOK_PORT", "8443")
    settings = load_settings()
    assert settings.mode == "webhook"
    assert settings.webhook_path == "/telegram"
    assert (settings.webhook_listen, settings.webhook_port) == ("0.0.0.0", 8443)
    assert settings.webhook_secret_token() == SECRET
    assert SECRET not in repr(settings)


def test_a_webhook_without_a_secret_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REFUGE_GUIDE_WEBHOOK_URL", URL)
    with pytest.raises(SettingsError, match="REFUGE_GUIDE_WEBHOOK_SECRET"):
        load_settings()


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("http://guide.example.org/telegram", "https"),
        ("ftp://guide.example.org/", "https"),
        ("https:///telegram", "https"),
        ("https://guide.example.org/telegram?token=1", "query"),
    ],
)
def test_a_url_telegram_would_refuse_is_refused(
    monkeypatch: pytest.MonkeyPatch, url: str, problem: str
) -> None:
    monkeypatch.setenv("REFUGE_GUIDE_WEBHOOK_URL", url)
    monkeypatch.setenv("REFUGE_GUIDE_WEBHOOK_SECRET", SECRET)
    with pytest.raises(SettingsError, match=problem):
        load_settings()


def test_plain_http_is_allowed_on_this_machine_only() -> None:
    settings = Settings.model_validate(
        {
            "REFUGE_GUIDE_WEBHOOK_URL": "http://127.0.0.1:9000/t",
            "REFUGE_GUIDE_WEBHOOK_SECRET": SECRET,
        }
    )
    assert settings.webhook_path == "/t"


@pytest.mark.parametrize("secret", ["short", "a" * 31, "a" * 257, "a" * 31 + "!", "é" * 32])
def test_a_weak_or_malformed_secret_is_refused_without_repeating_it(
    monkeypatch: pytest.MonkeyPatch, secret: str
) -> None:
    monkeypatch.setenv("REFUGE_GUIDE_WEBHOOK_URL", URL)
    monkeypatch.setenv("REFUGE_GUIDE_WEBHOOK_SECRET", secret)
    with pytest.raises(SettingsError, match="32 to 256") as caught:
        load_settings()
    assert secret not in str(caught.value)


def test_the_secret_can_come_from_a_file(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    secret_file = tmp_path / "webhook_secret"
    secret_file.write_text(SECRET + "\n")
    monkeypatch.setenv("REFUGE_GUIDE_WEBHOOK_URL", URL)
    monkeypatch.setenv("REFUGE_GUIDE_WEBHOOK_SECRET_FILE", str(secret_file))
    assert load_settings().webhook_secret_token() == SECRET
    secret_file.write_text("too short")
    with pytest.raises(SettingsError, match="32 to 256") as caught:
        load_settings().webhook_secret_token()
    assert "too short" not in str(caught.value)
    secret_file.unlink()
    with pytest.raises(SettingsError, match="cannot be read"):
        load_settings().webhook_secret_token()


def test_one_secret_source_only(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("REFUGE_GUIDE_WEBHOOK_URL", URL)
    monkeypatch.setenv("REFUGE_GUIDE_WEBHOOK_SECRET", SECRET)
    monkeypatch.setenv("REFUGE_GUIDE_WEBHOOK_SECRET_FILE", str(tmp_path / "s"))
    with pytest.raises(SettingsError, match="not both"):
        load_settings()


def test_the_database_shown_in_logs_names_no_home_directory(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """An operator's home is often named after them: logs show ``~`` in its place."""
    home = tmp_path / "amina.karimova"
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("REFUGE_GUIDE_DATA_DIR", str(home / ".local/share/refuge-guide"))
    shown = load_settings().database_shown
    assert shown == "~/.local/share/refuge-guide/sessions.sqlite3"
    assert "amina" not in shown


def test_a_database_outside_the_home_is_shown_as_it_is(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("REFUGE_GUIDE_DATA_DIR", str(tmp_path / "srv"))
    assert load_settings().database_shown == str(tmp_path / "srv" / "sessions.sqlite3")
