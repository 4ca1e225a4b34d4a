"""The terminal chat, as a person at a shared office laptop uses it.

Driven in this process by :mod:`tests.support.console_driver` (choices by their label);
what only a real process shows (Ctrl-C, a real terminal, the installed command, the data
directory) is in ``test_console_process.py``.
"""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from bot.channels.console_screen import CLEAR_ALL
from bot.dialog.runner import Runner
from bot.errors import StoreFullError
from bot.guide import CANNOT_SAVE
from bot.knowledge import Status, assess, parse_facts
from bot.store import SessionRecord
from bot.store.memory import MemoryStore
from tests.support.console_driver import COMMAND_SHOWN, ConsoleChat, nothing_written
from tests.support.labels import (
    ADVOCATE,
    BACK,
    CASE_NOTE,
    CHANGE_KIND,
    CONTINUE_QUESTIONS,
    DONE,
    DONT_KNOW,
    DUTCH,
    ENGLISH,
    ERASE,
    FRENCH,
    INTERPOL,
    MLA,
    NO,
    NO_KEEP,
    PERSON,
    QUICK_EXIT,
    REVIEW,
    RUSSIAN,
    UNKNOWN,
    URGENT_HELP,
    YES_DELETE,
)
from tests.support.seed_case import ADVOCATE_SEED_WALK, SEED_FACTS, URGENT_STEP

SURE = "This deletes your answers. Sure?"


async def begin(runner: Runner, role: str) -> ConsoleChat:
    """An English chat with ``role`` chosen on the first screen (the welcome and the
    privacy notice above the role question)."""
    chat = await ConsoleChat.start(runner, lang="en")
    await chat.begin(role)
    return chat


async def to_the_result(chat: ConsoleChat) -> None:
    """Answer "I don't know" (or tick nothing) until the result."""
    while REVIEW not in chat.choices:
        unknown = [label for label in chat.choices if label in (DONE, DONT_KNOW)] or [
            label for label in chat.choices if label.startswith(UNKNOWN)
        ]
        await chat.choose(unknown[0])


@pytest.mark.parametrize("typed", ["2", "Français", "francais", "french", "FR", "  FRANÇAIS "])
async def test_the_first_screen_asks_for_a_language_by_number_or_name(
    runner: Runner, typed: str
) -> None:
    """The first screen says what it is, in every language, and takes a number or a name."""
    chat = await ConsoleChat.start(runner)
    assert chat.screen.startswith("Choose your language · Choisissez votre langue")
    assert list(chat.choices) == [ENGLISH, FRENCH, DUTCH, RUSSIAN]
    await chat.type("klingon")
    assert FRENCH in chat.screen, "an unknown name shows the languages again"
    await chat.type(typed)
    assert chat.screen.startswith("Ce guide vous aide")


async def test_the_seed_case_reaches_the_engines_grounds(runner: Runner) -> None:
    """The seed case on the advocate path marks as "points to" (●) exactly the grounds the
    engine gives for its facts, each with its citation: in at most ten keys from the first
    screen, the role and the ticks included (issue 11, point 3)."""
    chat = await begin(runner, ADVOCATE)
    await chat.choose_all(*ADVOCATE_SEED_WALK)
    assert chat.typed <= 10, f"{chat.typed} keys from the first screen to the result"
    expected = assess(runner.kb, parse_facts(runner.kb, SEED_FACTS)).with_status(Status.APPLIES)
    assert expected, "the seed case must point to grounds"
    marked = [line for line in chat.screen.splitlines() if line.startswith("● ")]
    for result in expected:
        title = runner.kb.ground(result.ground.id).button_for(True)
        assert any(line.startswith(f"● {title} — ") for line in marked), title
    assert len(marked) == len(expected)


async def test_person_path_with_review_and_change(runner: Runner) -> None:
    """A person finishes, changes the kind of request from the review, and is asked only
    the Interpol questions before the result comes back."""
    chat = await begin(runner, PERSON)
    await chat.choose_all(NO, MLA)
    await to_the_result(chat)
    await chat.choose(REVIEW)
    assert "Kind of request: Help its case" in chat.screen
    await chat.choose(CHANGE_KIND)
    await chat.choose(INTERPOL)
    asked = []
    while REVIEW not in chat.choices:
        asked.append(chat.screen.splitlines()[0])
        await chat.choose(DONT_KNOW)
    assert asked == [
        "What kind of INTERPOL alert is it?",
        "Has Belgium already confirmed your protection status to INTERPOL?",
        "Are you planning to travel outside Belgium?",
    ]


async def test_back_after_a_change_returns_to_the_review(runner: Runner) -> None:
    """Result, review, "Change", then b: the review again, not a loop through the result."""
    chat = await begin(runner, PERSON)
    await chat.choose_all(NO, MLA)
    await to_the_result(chat)
    await chat.choose(REVIEW)
    await chat.choose(CHANGE_KIND)
    await chat.type("b")
    assert chat.screen.startswith("YOUR ANSWERS")
    assert "Kind of request: Help its case" in chat.screen


async def test_back_goes_to_the_previous_question(runner: Runner) -> None:
    """``b`` undoes the last answer: the role, on the first screen."""
    chat = await begin(runner, PERSON)
    assert chat.choices[BACK] == "b"
    await chat.type("b")
    assert chat.screen.startswith("This guide helps")
    assert "Who are you?" in chat.text, "the first screen, with the role question"


async def test_start_over_asks_once_and_no_keeps_the_answers(runner: Runner) -> None:
    """``r`` asks before deleting answers; "No" returns to the same question, "Yes" to the
    welcome."""
    chat = await begin(runner, PERSON)
    question = chat.screen
    await chat.type("r")
    assert SURE in chat.screen
    await chat.choose(NO_KEEP)
    assert chat.screen.strip().endswith(question.strip()), "the same question, unchanged"
    await chat.type("r")
    await chat.choose(YES_DELETE)
    assert chat.screen.strip().startswith("This guide helps")
    await chat.type("b")
    assert chat.screen.strip().startswith("This guide helps"), "nothing left to go back to"


async def test_erase_asks_once_and_no_undoes_it(runner: Runner) -> None:
    """ "Erase my answers" asks; "No" changes nothing; "Yes" erases and ends the chat with
    the command that starts it again."""
    chat = await ConsoleChat.start(runner, lang="en")
    await chat.choose(ERASE)
    assert SURE in chat.screen
    await chat.choose(NO_KEEP)
    assert "Before we start" in chat.screen
    await chat.choose(ERASE)
    await chat.choose(YES_DELETE)
    assert chat.ended
    assert chat.exit_code == 0
    assert chat.text == f"Your answers are erased. To start again, type: {COMMAND_SHOWN}"


async def test_quick_exit_is_a_key_on_every_screen(runner: Runner) -> None:
    """Every screen, from the first to the result, lists the quick exit key."""
    chat = await ConsoleChat.start(runner, lang="en")
    screens = [chat.screen]
    for label in (ADVOCATE, "Several, or unknown", UNKNOWN):
        await chat.choose(label)
        screens.append(chat.screen)
    await to_the_result(chat)
    screens.append(chat.screen)
    await chat.choose(REVIEW)
    screens.append(chat.screen)
    for screen in screens:
        assert "x) Quick exit" in screen, screen
        assert QUICK_EXIT not in screen.replace("x) Quick exit", ""), "offered once"


@pytest.mark.parametrize("tty", [True, False], ids=["terminal", "pipe"])
async def test_quick_exit_leaves_one_neutral_line(runner: Runner, tty: bool) -> None:
    """On a question, x erases and leaves "Done.": on a terminal after clearing the screen
    and the scrollback, in a pipe with no escape codes at all."""
    chat = await ConsoleChat.start(runner, lang="en", tty=tty)
    await chat.begin(PERSON)
    await chat.type("x")
    assert chat.ended
    assert chat.exit_code == 0
    assert chat.screen == (CLEAR_ALL if tty else "") + "Done.\n"
    assert ("\x1b" in chat.transcript) is tty


async def test_a_wrong_key_gets_a_hint_and_changes_nothing(runner: Runner) -> None:
    """Anything else typed gets a hint; the same question stays open."""
    chat = await ConsoleChat.start(runner, lang="en")
    for typed in ("hello", "9", "k"):
        await chat.type(typed)
        assert "Please answer with the number of a choice" in chat.screen
    await chat.begin(PERSON)
    assert chat.screen.startswith("Is one of these happening now")


async def test_the_case_note_is_saved_to_a_file_the_person_names(
    runner: Runner, tmp_path: Path
) -> None:
    """The case note goes to a file readable by its owner only, not to the screen; the
    chat says where, and the result's choices still work afterwards."""
    chat = await begin(runner, ADVOCATE)
    await chat.choose_all(*ADVOCATE_SEED_WALK)
    await chat.choose(CASE_NOTE)
    assert "Save the case note as (Enter for case-note-en.txt):" in chat.screen
    target = tmp_path / "my-note.txt"
    await chat.type(str(target))
    assert chat.text == f"The case note is saved in {target}. Only you can read it. >"
    assert mode_of(target) == 0o600
    assert "Answers given" in read(target)
    assert "Answers given" not in chat.transcript, "the note is not printed"
    await chat.choose(REVIEW)
    assert chat.screen.startswith("YOUR ANSWERS")


async def test_an_existing_file_is_never_overwritten(
    runner: Runner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A name already taken is refused and another asked for; Enter takes the default
    name in the working directory."""
    monkeypatch.chdir(tmp_path)
    taken = tmp_path / "taken.txt"
    taken.write_text("mine", encoding="utf-8")
    chat = await begin(runner, ADVOCATE)
    await chat.choose_all(*ADVOCATE_SEED_WALK)
    await chat.choose(CASE_NOTE)
    await chat.type(str(taken))
    assert "That file already exists. Choose another name." in chat.screen
    await chat.type("")
    assert read(taken) == "mine"
    assert read(tmp_path / "case-note-en.txt").startswith("refuge-guide")


def mode_of(path: Path) -> int:
    """The permission bits of ``path``."""
    return stat.S_IMODE(path.stat().st_mode)


def read(path: Path) -> str:
    """The text of ``path``."""
    return path.read_text(encoding="utf-8")


async def test_urgent_help_comes_before_any_question(runner: Runner) -> None:
    """The first screen's urgent help shows what to do now; then the first screen again
    (the consent and the role), without the advice, and the questions go on without the
    urgent one."""
    chat = await ConsoleChat.start(runner, lang="en")
    await chat.choose(URGENT_HELP)
    assert "act now" in chat.text
    assert URGENT_STEP in chat.text
    await chat.choose(CONTINUE_QUESTIONS)
    assert "Before we start" in chat.screen
    assert URGENT_STEP not in chat.text
    await chat.begin(PERSON)
    assert chat.screen.startswith("What does the foreign state ask Belgium to do?")


async def test_quitting_says_nothing_was_kept_and_how_to_come_back(runner: Runner) -> None:
    """``q`` ends the chat with a goodbye that gives the command to start again."""
    chat = await begin(runner, PERSON)
    await chat.type("q")
    assert chat.ended
    assert chat.exit_code == 0
    assert chat.text == f"Goodbye. Nothing was kept. To start again, type: {COMMAND_SHOWN}"


async def test_the_terminal_speaks_of_the_terminal(runner: Runner) -> None:
    """The privacy notice in the terminal names its keys, not Telegram or /forget."""
    chat = await ConsoleChat.start(runner, lang="en")
    assert "Type x at any time for a quick exit" in chat.text
    assert "Telegram" not in chat.transcript
    assert "/forget" not in chat.transcript


ENDINGS = ["q", "end of input", "Ctrl-C", "erase", "quick exit"]


@pytest.mark.parametrize("ending", ENDINGS)
async def test_without_keep_nothing_reaches_the_data_directory(
    runner: Runner, data_dir: Path, ending: str
) -> None:
    """However the chat ends, it wrote nothing: not a database, not a secret, not even
    the data directory."""
    chat = await begin(runner, PERSON)
    await chat.choose(NO)
    if ending == "q":
        await chat.type("q")
    elif ending == "end of input":
        await chat.end_input()
    elif ending == "Ctrl-C":
        await chat.interrupt()
    elif ending == "erase":
        await to_the_result(chat)
        await chat.choose(ERASE)
        await chat.choose(YES_DELETE)
    else:
        await chat.type("x")
    assert chat.ended
    assert chat.exit_code == (130 if ending == "Ctrl-C" else 0)
    assert nothing_written(data_dir)


async def test_a_step_the_store_cannot_save_is_refused_and_the_chat_goes_on(
    runner: Runner, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A full disk under a kept chat, simulated at the store boundary (the bot's test,
    tests/channels/test_telegram_full_disk.py, fills a real small disk): the person reads
    that nothing was saved, stays where they were, and the same key then goes on."""
    chat = await ConsoleChat.start(runner, lang="en")
    put = MemoryStore.put
    failures = [StoreFullError("sessions.sqlite3: the disk is full")]

    async def full_once(store: MemoryStore, key: str, record: SessionRecord) -> None:
        if failures:
            raise failures.pop()
        await put(store, key, record)

    monkeypatch.setattr(MemoryStore, "put", full_once)
    await chat.begin(PERSON)
    assert CANNOT_SAVE in chat.text
    assert not chat.ended
    await chat.begin(PERSON)
    assert "Is one of these happening now" in chat.text
