"""docs/deploy.md and the Dockerfile stay true to the program they deploy.

The compose file an operator copies must parse, name only settings the program reads,
and send Telegram's posts to the path the bot serves; the image's health check must be
the command that checks health; the start-up line shown must be the one logged.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from bot.dialog.runner import Runner
from bot.health import startup_record
from bot.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = (ROOT / "docs" / "deploy.md").read_text(encoding="utf-8")
DOCKERFILE = (ROOT / "Dockerfile").read_text(encoding="utf-8")
README = (ROOT / "README.md").read_text(encoding="utf-8")
VARIABLE = re.compile(r"\b(?:REFUGE_GUIDE|TELEGRAM)_(?!TEST_)[A-Z_]+[A-Z]\b")
"""A setting's name; ``REFUGE_GUIDE_TEST_*`` are the test suite's own knobs, not settings."""


def _block(after: str, language: str) -> str:
    """The fenced ``language`` block that follows the line ``after`` in deploy.md."""
    start = DEPLOY.index(after)
    match = re.compile(rf"```{language}\n(.*?)```", re.DOTALL).search(DEPLOY, start)
    assert match is not None, f"no {language} block after {after!r}"
    return match.group(1)


def _settings_names() -> set[str]:
    names: set[str] = set()
    for field in Settings.model_fields.values():
        alias = field.validation_alias
        choices = getattr(alias, "choices", [])
        names.update(str(choice) for choice in choices)
    return names


def _compose() -> dict[str, Any]:
    compose = yaml.safe_load(_block("`compose.yaml`:", "yaml"))
    assert isinstance(compose, dict)
    return compose


def test_the_compose_file_parses_and_runs_two_guides_on_one_database() -> None:
    services = _compose()["services"]
    assert {"db", "guide-a", "guide-b", "nginx"} <= set(services)
    assert services["guide-a"] == services["guide-b"], "two processes, the same settings"
    guide = services["guide-a"]
    assert guide["environment"]["REFUGE_GUIDE_WEBHOOK_URL"].startswith("https://")
    assert {"session_key", "webhook_secret"} <= set(guide["secrets"])


def test_every_variable_the_deployment_docs_name_is_a_setting() -> None:
    """A misspelt variable is silently ignored by the program: none may be in the docs."""
    known = _settings_names()
    environment = set(_compose()["services"]["guide-a"]["environment"])
    named = set(VARIABLE.findall(DEPLOY)) | set(VARIABLE.findall(DOCKERFILE))
    assert environment <= known
    assert named - known == set()
    assert set(VARIABLE.findall(README)) - known == set()


def test_the_compose_environment_is_a_valid_webhook_configuration(tmp_path: Path) -> None:
    environment = dict(_compose()["services"]["guide-a"]["environment"])
    secret_file = tmp_path / "webhook_secret"
    secret_file.write_text("0" * 64)
    environment["REFUGE_GUIDE_WEBHOOK_SECRET_FILE"] = str(secret_file)
    environment["REFUGE_GUIDE_SECRET_FILE"] = str(tmp_path / "session_key")
    environment["REFUGE_GUIDE_DATABASE_URL"] = "postgresql://guide:pw@db/guide"
    settings = Settings.model_validate(environment)
    assert settings.mode == "webhook"
    assert settings.webhook_secret_token() == "0" * 64


def test_nginx_forwards_the_webhook_path_to_both_guides() -> None:
    nginx = _block("`nginx.conf`:", "nginx")
    url = _compose()["services"]["guide-a"]["environment"]["REFUGE_GUIDE_WEBHOOK_URL"]
    assert f"location {urlsplit(url).path} {{" in nginx
    port = _compose()["services"]["guide-a"]["environment"]["REFUGE_GUIDE_WEBHOOK_PORT"]
    assert f"server guide-a:{port}" in nginx
    assert f"server guide-b:{port}" in nginx
    assert "non_idempotent" in nginx, "a post the dead process took is passed on"


def test_the_image_checks_its_health_with_the_health_command() -> None:
    healthcheck = re.search(r"^HEALTHCHECK .*?CMD (.*)$", DOCKERFILE, re.MULTILINE | re.DOTALL)
    assert healthcheck is not None
    assert json.loads(healthcheck.group(1).splitlines()[0]) == ["refuge-guide", "health"]
    port = re.search(r"REFUGE_GUIDE_WEBHOOK_PORT=(\d+)", DOCKERFILE)
    assert port is not None
    assert f"EXPOSE {port.group(1)}" in DOCKERFILE


def test_the_start_up_line_shown_has_the_keys_logged(runner: Runner) -> None:
    shown = json.loads(_block("logs one line", "text").strip().removeprefix("started "))
    settings = Settings.model_validate(
        {
            "REFUGE_GUIDE_WEBHOOK_URL": "https://guide.example.org/telegram",
            "REFUGE_GUIDE_WEBHOOK_SECRET": "0" * 64,
        }
    )
    assert list(shown) == list(startup_record(settings, runner))
