"""The ``refuge-guide`` command: chat, run, assess, purge.

Every operator error (a missing token, a broken data file) prints one line that says what
to fix and exits with code 2; no traceback reaches the terminal.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from bot import __version__
from bot.i18n import LANGUAGES

log = logging.getLogger(__name__)

EXIT_USAGE = 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="refuge-guide",
        description="Legal information for refugees in Belgium facing a foreign state's request.",
    )
    parser.add_argument("--version", action="version", version=f"refuge-guide {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true", help="log more (never user data)")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    chat = commands.add_parser("chat", help="the conversation in this terminal (no token needed)")
    chat.add_argument("--lang", choices=LANGUAGES, help="language (asked when absent)")

    commands.add_parser("run", help="the Telegram bot (long polling)")

    assess = commands.add_parser("assess", help="facts file in, refusal grounds out")
    assess.add_argument("facts", type=Path, help="a JSON object of facts")
    assess.add_argument("--lang", choices=LANGUAGES, default="en")
    assess.add_argument("--format", choices=("json", "text"), default="json", dest="fmt")

    commands.add_parser("purge", help="remove sessions idle longer than the retention period")
    commands.add_parser("check", help="check flows, knowledge base and Telegram limits")
    graph = commands.add_parser("graph", help="write Mermaid diagrams of the flows")
    graph.add_argument("--out", type=Path, default=Path("docs/flows"), help="output folder")
    return parser


def _fail(message: str) -> int:
    print(f"refuge-guide: {message}", file=sys.stderr)
    return EXIT_USAGE


async def _chat(lang: str | None) -> int:
    from bot.app import GuideResources, build_runner
    from bot.channels.console import Console
    from bot.settings import load_settings

    resources = GuideResources(load_settings(), build_runner())
    guide = await resources.open()
    try:
        return await Console(guide, sys.stdin, sys.stdout).run(lang)
    finally:
        await resources.close()


async def _purge() -> int:
    from bot.settings import load_settings
    from bot.store import open_store

    settings = load_settings()
    store = await open_store(settings)
    try:
        removed = await store.purge(settings.retention_days)
    finally:
        await store.close()
    print(f"removed {removed} idle session(s)")
    return 0


def _check() -> int:
    from bot.app import build_runner
    from bot.dialog.limits import limit_problems

    runner = build_runner()
    problems = [str(problem) for problem in limit_problems(runner)]
    for problem in problems:
        print(f"refuge-guide: {problem}", file=sys.stderr)
    if problems:
        return EXIT_USAGE
    nodes = sum(len(flow.nodes) for flow in runner.flows.values())
    print(
        f"ok: {len(runner.flows)} flows, {nodes} nodes, {len(runner.kb.grounds)} grounds, "
        f"{len(runner.kb.actions)} actions; every screen fits Telegram's limits in every language"
    )
    return 0


def _graph(out: Path) -> int:
    from bot.app import build_runner
    from bot.dialog.graph import write_graphs

    for path in write_graphs(build_runner().flows, out):
        print(path)
    return 0


def _run() -> int:
    from bot.app import GuideResources, build_runner
    from bot.channels.telegram import run
    from bot.settings import load_settings

    settings = load_settings()
    settings.require_token()
    run(settings, GuideResources(settings, build_runner()))
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script; returns the process exit code."""
    from telegram.error import TelegramError

    from bot.dialog.loader import FlowError
    from bot.knowledge import KnowledgeError
    from bot.logs import configure_logging
    from bot.pseudonym import SecretError
    from bot.settings import SettingsError
    from bot.store import StoreError

    args = _parser().parse_args(argv)
    quiet = logging.WARNING if args.command in ("chat", "assess") else logging.INFO
    configure_logging(logging.DEBUG if args.verbose else quiet)
    try:
        if args.command == "chat":
            return asyncio.run(_chat(args.lang))
        if args.command == "run":
            return _run()
        if args.command == "assess":
            from bot.knowledge.assess_command import run_assess

            return run_assess(args.facts, args.lang, args.fmt, sys.stdout, sys.stderr)
        if args.command == "purge":
            return asyncio.run(_purge())
        if args.command == "check":
            return _check()
        if args.command == "graph":
            return _graph(args.out)
    except (SettingsError, FlowError, SecretError, KnowledgeError, StoreError) as exc:
        return _fail(str(exc))
    except TelegramError as exc:  # its message may hold the token: name the type only
        return _fail(
            f"the Telegram Bot API could not be used ({type(exc).__name__}); check "
            "TELEGRAM_BOT_TOKEN and TELEGRAM_API_BASE_URL, and the network"
        )
    except KeyboardInterrupt:
        return 130
    return _fail(f"unknown command {args.command}")


if __name__ == "__main__":
    sys.exit(main())
