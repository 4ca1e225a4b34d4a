"""Session keys: a keyed hash of the id, under a secret that never reaches the database."""

from __future__ import annotations

import base64
import hashlib
import stat
from pathlib import Path

import pytest

from bot.app import GuideResources
from bot.dialog.runner import Runner
from bot.dialog.state import SessionState
from bot.errors import SecretError, SettingsError
from bot.pseudonym import Pseudonymiser, load_or_create_secret
from bot.settings import Settings, load_settings
from bot.store import SessionRecord, SqliteStore


def test_secret_is_created_once_with_mode_0600(tmp_path: Path) -> None:
    """The first start makes a 32-byte secret readable by the owner only; later starts reuse it."""
    path = tmp_path / "secret"
    first = load_or_create_secret(path)
    assert len(first) == 32
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert load_or_create_secret(path) == first


def test_key_is_a_keyed_hash_not_the_id() -> None:
    """The key depends on the secret and differs from a plain hash of the id."""
    user_id = 987654321
    one = Pseudonymiser(b"a" * 32).key("telegram", user_id)
    other = Pseudonymiser(b"b" * 32).key("telegram", user_id)
    assert one != other
    assert str(user_id) not in one
    assert one != hashlib.sha256(str(user_id).encode()).hexdigest()
    assert one != Pseudonymiser(b"a" * 32).key("console", user_id)


def test_secret_can_come_from_the_environment_as_hex_or_base64(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """REFUGE_GUIDE_SECRET is accepted as hex or base64 and never printed."""
    raw = bytes(range(32))
    for text in (
        raw.hex(),
        raw.hex().upper(),
        base64.b64encode(raw).decode(),
        base64.urlsafe_b64encode(raw).decode().rstrip("="),
    ):
        monkeypatch.setenv("REFUGE_GUIDE_SECRET", text)
        settings = Settings()
        assert settings.secret_bytes() == raw
        assert text not in repr(settings)
        assert text not in str(settings.model_dump())


def test_a_short_or_garbled_environment_secret_is_refused_without_echo(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A secret under 32 bytes, or not hex/base64, is named in the error but not repeated."""
    for text in ("ab" * 16, "not a secret at all!!"):
        monkeypatch.setenv("REFUGE_GUIDE_SECRET", text)
        with pytest.raises(SettingsError, match="REFUGE_GUIDE_SECRET") as error:
            load_settings()
        assert text not in str(error.value)


def test_secret_sources_are_exclusive(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Setting both the secret and the secret file is an operator error that says so."""
    monkeypatch.setenv("REFUGE_GUIDE_SECRET", "00" * 32)
    monkeypatch.setenv("REFUGE_GUIDE_SECRET_FILE", str(tmp_path / "key"))
    with pytest.raises(SettingsError, match="not both"):
        load_settings()


async def test_the_guide_uses_the_environment_secret_and_writes_no_file(
    monkeypatch: pytest.MonkeyPatch, data_dir: Path, runner: Runner
) -> None:
    """With REFUGE_GUIDE_SECRET set, keys come from it and no secret file is created."""
    secret = bytes(range(100, 132))
    monkeypatch.setenv("REFUGE_GUIDE_SECRET", base64.b64encode(secret).decode())
    resources = GuideResources(Settings(), runner)
    guide = await resources.open()
    try:
        assert guide.key("telegram", 42) == Pseudonymiser(secret).key("telegram", 42)
    finally:
        await resources.close()
    assert not (data_dir / "session-key.secret").exists()


async def test_the_guide_uses_a_given_secret_file(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, data_dir: Path, runner: Runner
) -> None:
    """REFUGE_GUIDE_SECRET_FILE points at the key (a mounted secret); nothing else is made."""
    key_file = tmp_path / "mounted" / "key"
    key_file.parent.mkdir()
    key_file.write_bytes(b"k" * 40)
    monkeypatch.setenv("REFUGE_GUIDE_SECRET_FILE", str(key_file))
    resources = GuideResources(Settings(), runner)
    guide = await resources.open()
    try:
        assert guide.key("telegram", 42) == Pseudonymiser(b"k" * 40).key("telegram", 42)
    finally:
        await resources.close()
    assert not (data_dir / "session-key.secret").exists()


def test_an_unreadable_secret_file_names_the_file(tmp_path: Path) -> None:
    """A secret path that cannot be created gives an error naming it and what to check."""
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("")
    with pytest.raises(SecretError, match="not-a-dir"):
        load_or_create_secret(blocker / "key")


async def test_the_secret_is_never_in_the_database(tmp_path: Path) -> None:
    """Neither the secret nor any part of it is written into the database files."""
    secret_path = tmp_path / "key"
    secret = load_or_create_secret(secret_path)
    store = await SqliteStore.open(tmp_path / "s.sqlite3")
    pseudonymiser = Pseudonymiser(secret)
    record = SessionRecord(state=SessionState(flow="main", node="x"))
    for user in range(50):
        await store.put(pseudonymiser.key("telegram", user), record)
    await store.close()
    blob = _database_bytes(tmp_path)
    for needle in (secret, secret.hex().encode(), base64.b64encode(secret), secret[:16]):
        assert needle not in blob


def _database_bytes(directory: Path) -> bytes:
    """The bytes of the database file and of its WAL and SHM, as a thief would copy them."""
    return b"".join(path.read_bytes() for path in sorted(directory.glob("s.sqlite3*")))
