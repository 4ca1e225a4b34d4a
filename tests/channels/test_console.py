"""The terminal chat, driven through a pipe exactly as a person would type."""

from __future__ import annotations

import json
from pathlib import Path

from tests.support.processes import refuge_guide


def test_piped_walk_reaches_the_result(data_dir: Path) -> None:
    """Continue, agree, advocate, MLA, refugee, Done, Done, treaty: grounds with citations."""
    keys = "1\n1\n2\n1\n1\n14\n10\n5\nq\n"
    run = refuge_guide("chat", "--lang", "en", data_dir=data_dir, stdin=keys)
    assert run.returncode == 0, run.stderr
    out = run.stdout
    assert "1) Continue" in out
    assert "Who are you?" in out
    assert "Law of 9 December 2004" in out
    assert "legal information, not legal advice" in out
    assert (data_dir / "sessions.sqlite3").exists(), "the database is created on first use"


def test_the_chat_resumes_where_it_was(data_dir: Path) -> None:
    """Quitting and coming back shows the question that was open."""
    refuge_guide("chat", "--lang", "en", data_dir=data_dir, stdin="1\n1\n1\nq\n")
    again = refuge_guide("chat", data_dir=data_dir, stdin="q\n")
    assert again.stdout.lstrip().startswith("Is one of these happening now")


def test_back_and_restart_keys(data_dir: Path) -> None:
    """``b`` goes back to the previous question and ``r`` to the welcome."""
    run = refuge_guide("chat", "--lang", "en", data_dir=data_dir, stdin="1\n1\nb\nr\nq\n")
    screens = run.stdout.split("> ")
    assert "Who are you?" in screens[2]
    assert "Before we start" in screens[3], "b returns to the privacy notice"
    assert "This guide helps" in screens[4], "r starts over"


def test_a_wrong_key_is_explained_and_nothing_changes(data_dir: Path) -> None:
    """Typing something else gets a hint and the same question stays open."""
    run = refuge_guide("chat", "--lang", "en", data_dir=data_dir, stdin="1\nhello\n9\nq\n")
    assert run.stdout.count("Type the number of a choice") == 2
    assert run.returncode == 0


def test_language_is_asked_when_not_given(data_dir: Path) -> None:
    """Without --lang the chat asks first, each language in its own name."""
    run = refuge_guide("chat", data_dir=data_dir, stdin="4\nq\n")
    assert "Русский" in run.stdout
    assert "Nederlands" in run.stdout
    assert run.returncode == 0


def test_end_of_input_quits_cleanly(data_dir: Path) -> None:
    """A pipe that closes ends the chat with exit code 0 and no traceback."""
    run = refuge_guide("chat", "--lang", "en", data_dir=data_dir, stdin="1\n")
    assert run.returncode == 0
    assert "Traceback" not in run.stderr


def test_case_note_is_printed_and_the_result_keys_stay(data_dir: Path) -> None:
    """In the terminal the case note is shown in full; the result's choices still work."""
    keys = "1\n1\n2\n1\n1\n14\n10\n5\n2\n1\nq\n"
    run = refuge_guide("chat", "--lang", "en", data_dir=data_dir, stdin=keys)
    assert "----- case-note-en.txt -----" in run.stdout
    assert "Answers given" in run.stdout
    assert "Change: Who is using the guide" in run.stdout, "key 1 still opens the review"


def test_erase_ends_the_chat_and_forgets(data_dir: Path) -> None:
    """Choosing "Erase my answers" on the privacy notice deletes the session."""
    run = refuge_guide("chat", "--lang", "en", data_dir=data_dir, stdin="1\n2\n")
    assert "erased" in run.stdout
    again = refuge_guide("chat", data_dir=data_dir, stdin="q\n")
    assert "Русский" in again.stdout, "no session left: the language is asked again"


PERSON_START = "1\n1\n1\n2\n"  # continue, agree, person, not detained
IDK = "3\n"  # "I don't know" is the third choice of a yes/no question


def test_person_path_with_review_and_change(data_dir: Path) -> None:
    """A person answers, opens the review, changes the request kind to Interpol, and is
    asked only the Interpol questions before the result comes back."""
    kinds_mla = "1\n"
    rest = IDK * 20  # every remaining question of an assistance request
    review = "1\n"
    change_kind = "3\n"  # the third answered question: the kind of request
    interpol = "3\n"
    three_interpol_questions = "3\n" + IDK + IDK
    keys = PERSON_START + kinds_mla + rest + review + change_kind + interpol
    keys += three_interpol_questions + "q\n"
    run = refuge_guide("chat", "--lang", "en", data_dir=data_dir, stdin=keys)
    out = run.stdout
    assert "Kind of request: Help with its investigation" in out
    after_change = out.split("Change: Kind of request")[-1]
    assert "What kind of Interpol alert is it?" in after_change
    assert "Has it already happened?" not in after_change, "assistance questions are not asked"
    assert after_change.count("Here is what your answers point to") == 1


def test_urgent_path_in_the_terminal(data_dir: Path) -> None:
    """The first screen's second choice shows the urgent actions before any question."""
    run = refuge_guide("chat", "--lang", "en", data_dir=data_dir, stdin="2\n1\nq\n")
    first_question = run.stdout.find("Who are you?")
    urgent = run.stdout.find("act now")
    assert urgent != -1
    assert first_question == -1 or urgent < first_question
    assert "lawyer" in run.stdout.lower()


def test_seed_case_in_the_terminal_matches_the_engine(data_dir: Path) -> None:
    """The seed case through the advocate path gives the grounds `assess` gives."""
    keys = "1\n1\n2\n1\n1\n4\n14\n1\n2\n5\n6\n7\n10\n5\nq\n"
    chat = refuge_guide("chat", "--lang", "en", data_dir=data_dir, stdin=keys)
    facts = data_dir.parent / "seed.json"
    facts.write_text(
        '{"request_kinds": ["mla"], "protection_status": "refugee",'
        ' "status_against_requesting_state": "yes", "requesting_state_is_origin": "yes",'
        ' "targeted_profile": "yes", "mla_measures": ["search", "seizure_or_freeze"],'
        ' "measure_already_executed": "yes", "foreign_officials_involved": "yes",'
        ' "sensitive_material": "yes", "requesting_state_eu_member": "no"}',
        encoding="utf-8",
    )
    assessed = refuge_guide("assess", str(facts), data_dir=data_dir)
    grounds = json.loads(assessed.stdout)["grounds"]
    head = chat.stdout.split("GROUNDS THAT MAY APPLY")[0].split("GROUNDS YOUR ANSWERS POINT TO")[1]
    for ground in grounds:
        if ground["status"] == "applies":
            assert ground["title"] in head, ground["id"]
