"""The ``refuge-guide`` command: chat, run, health, assess, check, graph, purge.

Exit codes, the same for every subcommand:

====  ======================================================================================
0     done (``health``: the bot works)
1     ``health`` only: the bot does not work, or its settings cannot be read (Docker's
      ``HEALTHCHECK`` reads 0 as healthy and 1 as unhealthy, and reserves 2)
2     refused: an operator error (a missing or malformed setting, an unusable secret or
      database, a broken flow or knowledge base, a screen over Telegram's limits found by
      ``check``, a Telegram API that cannot be used), a user input error (``assess``: a
      facts file that cannot be read or is not a JSON object, a fact that is unknown or has
      a value it does not allow), or wrong arguments (argparse's own code)
130   interrupted (Ctrl-C)
1     an unexpected failure, a bug: its traceback is logged, with every message withheld
====  ======================================================================================

Operator and input errors share code 2, the code argparse already gives to a wrong
argument: in every case the caller must change something before trying again, and the one
line on stderr says what. No traceback reaches the terminal: every error of
:mod:`bot.errors` is turned into that line and its code in one place, :func:`main`. An
input error's line is in the language chosen with ``--lang``; an operator's is English.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import logging
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from bot import __version__
from bot.errors import OperatorError, RefugeGuideError, UserInputError
from bot.i18n import LANGUAGES, get_translator

log = logging.getLogger(__name__)

EXIT_OK = 0
EXIT_UNHEALTHY = 1
EXIT_REFUSED = 2
EXIT_INTERRUPTED = 130

EXIT_CODES: dict[type[RefugeGuideError], int] = {
    OperatorError: EXIT_REFUSED,
    UserInputError: EXIT_REFUSED,
}
"""The exit code of each branch of the error tree (see :mod:`bot.errors`)."""


def exit_code(error: RefugeGuideError) -> int:
    """The exit code for ``error``: that of the nearest class listed in :data:`EXIT_CODES`."""
    for cls in type(error).__mro__:
        if cls in EXIT_CODES:
            return EXIT_CODES[cls]
    return EXIT_REFUSED


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="refuge-guide",
        description="Legal information for refugees in Belgium facing a foreign state's request.",
        epilog="Exit codes: 0 done, 1 unhealthy (health only), 2 refused (a setting, a data "
        "file or the input is at fault; one line says what), 130 interrupted.",
    )
    parser.add_argument("--version", action="version", version=f"refuge-guide {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true", help="log more (never user data)")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    chat = commands.add_parser("chat", help="the conversation in this terminal (no token needed)")
    chat.add_argument("--lang", choices=LANGUAGES, help="language (asked when absent)")
    kept = chat.add_mutually_exclusive_group()
    kept.add_argument(
        "--keep",
        action="store_true",
        help="keep the answers on this computer and print a code to continue with "
        "(by default nothing is kept once the chat ends)",
    )
    kept.add_argument("--resume", metavar="CODE", help="continue a kept chat (the code changes)")

    commands.add_parser(
        "run",
        help="the Telegram bot (long polling, or a webhook if REFUGE_GUIDE_WEBHOOK_URL is set)",
    )
    commands.add_parser(
        "health", help="exit 0 if the bot running here works, 1 if not (for HEALTHCHECK)"
    )

    assess = commands.add_parser("assess", help="facts file in, refusal grounds out")
    assess.add_argument("facts", type=Path, help="a JSON object of facts")
    assess.add_argument("--lang", choices=LANGUAGES, default="en")
    assess.add_argument("--format", choices=("json", "text"), default="json", dest="fmt")

    commands.add_parser("purge", help="remove sessions idle longer than the retention period")
    commands.add_parser("check", help="check flows, knowledge base and Telegram limits")
    graph = commands.add_parser("graph", help="write Mermaid diagrams of the flows")
    graph.add_argument("--out", type=Path, default=Path("docs/flows"), help="output folder")
    return parser


def _chat(args: argparse.Namespace) -> int:
    from bot.cli.chat import ChatOptions, run_chat

    return run_chat(ChatOptions(lang=args.lang, keep=args.keep, resume=args.resume))


def _purge(args: argparse.Namespace) -> int:
    from bot.settings import load_settings
    from bot.store import open_store

    async def purge() -> int:
        settings = load_settings()
        store = await open_store(settings)
        try:
            return await store.purge(settings.retention_days)
        finally:
            await store.close()

    print(f"removed {asyncio.run(purge())} idle session(s)")
    return EXIT_OK


def _assess(args: argparse.Namespace) -> int:
    from bot.cli.assess import assess_file

    assess_file(args.facts, args.lang, args.fmt, sys.stdout)
    return EXIT_OK


def _check(args: argparse.Namespace) -> int:
    from bot.app import build_runner
    from bot.checks import limit_problems
    from bot.directory import load_directory, stale_warnings

    runner = build_runner()
    problems = [str(problem) for problem in limit_problems(runner)]
    for problem in problems:
        print(f"refuge-guide: {problem}", file=sys.stderr)
    if problems:
        raise OperatorError(f"{len(problems)} text(s) above do not fit Telegram's limits")
    directory = load_directory()
    for warning in stale_warnings(directory, dt.date.today()):
        print(f"refuge-guide: warning: {warning}", file=sys.stderr)
    nodes = sum(len(flow.nodes) for flow in runner.flows.values())
    print(
        f"ok: {len(runner.flows)} flows, {nodes} nodes, {len(runner.kb.grounds)} grounds, "
        f"{len(runner.kb.actions)} actions, {len(directory.shown)} contacts shown; every "
        "screen, the command menu and the descriptions fit Telegram's limits in every language"
    )
    return EXIT_OK


def _graph(args: argparse.Namespace) -> int:
    from bot.app import build_runner
    from bot.dialog.graph import write_graphs

    for path in write_graphs(build_runner().flows, args.out):
        print(path)
    return EXIT_OK


def _run(args: argparse.Namespace) -> int:
    from bot.app import GuideResources, build_runner
    from bot.serve import run
    from bot.settings import load_settings

    settings = load_settings()
    settings.require_token()
    run(settings, GuideResources(settings, build_runner()))
    return EXIT_OK


def _health(args: argparse.Namespace) -> int:
    from bot.health import check_health
    from bot.settings import load_settings

    try:
        healthy, line = check_health(load_settings())
    except RefugeGuideError as error:  # not 2: Docker reserves it
        print(f"refuge-guide: unhealthy: {error}", file=sys.stderr)
        return EXIT_UNHEALTHY
    print(line)
    return EXIT_OK if healthy else EXIT_UNHEALTHY


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "chat": _chat,
    "run": _run,
    "health": _health,
    "assess": _assess,
    "purge": _purge,
    "check": _check,
    "graph": _graph,
}


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script; returns the process exit code.

    The one place where errors become exit codes and one line on stderr.
    """
    from telegram.error import TelegramError

    from bot.logs import configure_logging, guard_tracebacks

    args = _parser().parse_args(argv)
    quiet = logging.WARNING if args.command in ("chat", "assess", "health") else logging.INFO
    configure_logging(logging.DEBUG if args.verbose else quiet)
    guard_tracebacks()
    try:
        return COMMANDS[args.command](args)
    except UserInputError as error:
        lang = getattr(args, "lang", None) or "en"
        return _refuse(error.translated(get_translator(lang)), exit_code(error))
    except RefugeGuideError as error:
        return _refuse(str(error), exit_code(error))
    except TelegramError as error:  # its message may hold the token: name the type only
        return _refuse(
            f"the Telegram Bot API could not be used ({type(error).__name__}); check "
            "TELEGRAM_BOT_TOKEN and TELEGRAM_API_BASE_URL, and the network",
            EXIT_CODES[OperatorError],
        )
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED


def _refuse(message: str, code: int) -> int:
    print(f"refuge-guide: {message}", file=sys.stderr)
    return code
