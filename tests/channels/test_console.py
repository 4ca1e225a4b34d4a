"""The terminal chat, driven through a pipe exactly as a person would type."""

from __future__ import annotations

import json
import stat
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
    assert "nothing is left on this computer" in " ".join(out.split()), "the terminal's notice"
    assert "Telegram" not in out
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


ADVOCATE_MLA_REFUGEE = "1\n1\n2\n1\n1\n14\n10\n5\n"
"""Continue, agree, advocate, MLA, refugee against the requesting state, Done, Done, treaty
unknown: a result offering six grounds, so its keys are 1-6 grounds, 7 all details, 8 who
to contact, 9 summary, 10 review, 11 case note, 12 and 13 the French and Dutch copies."""


def test_case_note_is_saved_to_a_file_the_person_names(data_dir: Path) -> None:
    """In the terminal the case note goes to a file readable by its owner only; the chat
    says where, and the result's choices still work afterwards."""
    target = data_dir.parent / "my-note.txt"
    keys = ADVOCATE_MLA_REFUGEE + f"11\n{target}\n10\nq\n"
    run = refuge_guide("chat", "--lang", "en", data_dir=data_dir, stdin=keys)
    assert run.returncode == 0, run.stderr
    assert f"The case note is saved in {target}." in run.stdout
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    note = target.read_text(encoding="utf-8")
    assert "Answers given" in note
    assert "Answers given" not in run.stdout, "the note is not printed to the terminal"
    assert "Change: Who is using the guide" in run.stdout, "key 10 still opens the review"


def test_an_existing_file_is_never_overwritten(data_dir: Path) -> None:
    """A name already taken is refused and another asked for; Enter takes the default."""
    taken = data_dir.parent / "taken.txt"
    taken.write_text("mine", encoding="utf-8")
    keys = ADVOCATE_MLA_REFUGEE + f"11\n{taken}\n\nq\n"
    workdir = data_dir.parent / "work"
    workdir.mkdir()
    run = refuge_guide("chat", "--lang", "en", data_dir=data_dir, stdin=keys, cwd=workdir)
    assert "That file already exists. Choose another name." in run.stdout
    assert taken.read_text(encoding="utf-8") == "mine"
    assert (workdir / "case-note-en.txt").read_text(encoding="utf-8").startswith("refuge-guide")


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
    rest = IDK * 19  # every remaining question of an assistance request (key 3 each)
    review = "10\n"  # after six ground buttons, all details, whom to contact, summary
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
    assert after_change.count("YOUR RESULT") == 1


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
    marked = [line for line in chat.stdout.splitlines() if line.startswith("● ")]
    for ground in grounds:
        if ground["status"] == "applies":
            assert any(line.startswith(f"● {ground['title']} — ") for line in marked), ground["id"]
    assert len(marked) == sum(g["status"] == "applies" for g in grounds)
