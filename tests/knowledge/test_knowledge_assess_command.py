"""run_assess, the behaviour behind ``refuge-guide assess FACTS.json``."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from bot.knowledge.assess_command import run_assess
from bot.knowledge.ids import GROUND_IDS

SEED = (
    Path(__file__).parent / "scenarios" / "01_seed_case_refugee_search_with_kazakh_officials.json"
)
DISCLAIMER = (
    "This is legal information, not legal advice. Only Belgian authorities and courts decide."
)


def facts_file(tmp_path: Path, content: str) -> Path:
    path = tmp_path / "facts.json"
    path.write_text(content, encoding="utf-8")
    return path


def seed_facts(tmp_path: Path) -> Path:
    facts = json.loads(SEED.read_text(encoding="utf-8"))["facts"]
    return facts_file(tmp_path, json.dumps(facts))


def run(path: Path, fmt: str = "json", lang: str = "en") -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run_assess(path, lang, fmt, out, err)  # type: ignore[arg-type]
    return code, out.getvalue(), err.getvalue()


def test_json_lists_every_ground_once_with_its_citation(tmp_path: Path) -> None:
    """The JSON report has every ground once, with status, instrument, article and source tag."""
    code, out, err = run(seed_facts(tmp_path))
    assert (code, err) == (0, "")
    report = json.loads(out)
    assert [ground["id"] for ground in report["grounds"]] == list(GROUND_IDS)
    for ground in report["grounds"]:
        keys = {"id", "status", "type", "instrument", "article", "source_tag", "explanation"}
        assert keys <= set(ground)
    first = report["grounds"][0]
    assert first["status"] == "applies"
    assert first["article"] == "Art. 4 §2 1°"
    assert first["source_tag"] == "C"
    assert [action["id"] for action in report["actions"]] == [
        "act_execution_review",
        "act_inform_cgrs",
        "act_contact_ngo",
    ]
    assert all(action["text"] for action in report["actions"])
    assert report["knowledge_reviewed_on"] == "2026-12-01"


def test_json_is_indented_and_keeps_non_ascii_text(tmp_path: Path) -> None:
    """Output is readable: indented, and '§' and '°' stay as they are."""
    _, out, _ = run(seed_facts(tmp_path))
    assert out.startswith('{\n  "grounds"')
    assert "§2 1°" in out


def test_text_report_groups_by_status_and_ends_with_date_and_disclaimer(tmp_path: Path) -> None:
    """Grounds that apply come first, then those that may apply, then the rest in brief."""
    code, out, _ = run(seed_facts(tmp_path), fmt="text")
    assert code == 0
    points = out.index("Your answers point to these grounds:")
    may = out.index("These grounds may apply")
    other_kinds = out.index("About other kinds of request:")
    actions = out.index("What you can do:")
    assert points < may < other_kinds < actions
    assert "Law of 9 December 2004" in out
    assert "Art. 4 §2 1° [C]" in out
    assert "Legal content last reviewed: Dec 1, 2026." in out
    assert out.rstrip().endswith(DISCLAIMER)


def test_text_report_formats_the_review_date_for_the_language(tmp_path: Path) -> None:
    """The review date is written the way readers of the chosen language write dates."""
    _, out, _ = run(seed_facts(tmp_path), fmt="text", lang="fr")
    assert "1 déc. 2026" in out


@pytest.mark.parametrize(
    ("content", "named"),
    [
        ('{"nationality": "kz"}', "nationality"),
        ('{"protection_status": "stateless"}', "protection_status"),
        ('{"request_kinds": "mla"}', "request_kinds"),
    ],
    ids=["unknown-fact", "value-not-allowed", "wrong-shape"],
)
def test_bad_fact_exits_2_with_one_line_naming_it_and_what_is_allowed(
    tmp_path: Path, content: str, named: str
) -> None:
    """A fact problem prints one line naming the fact and the allowed values, and nothing else."""
    code, out, err = run(facts_file(tmp_path, content))
    assert (code, out) == (2, "")
    assert err.count("\n") == 1
    assert f"'{named}'" in err
    if named != "nationality":
        assert "refugee" in err or "mla, extradition, interpol" in err


@pytest.mark.parametrize(
    ("content", "expected"),
    [("{not json", "not valid JSON"), ('["mla"]', "one JSON object")],
    ids=["invalid-json", "not-an-object"],
)
def test_unusable_file_exits_2_with_one_line(tmp_path: Path, content: str, expected: str) -> None:
    """A file that is not a JSON object of facts is refused in one line."""
    code, out, err = run(facts_file(tmp_path, content))
    assert (code, out) == (2, "")
    assert expected in err
    assert err.count("\n") == 1


def test_missing_file_exits_2(tmp_path: Path) -> None:
    """A path that cannot be read is refused in one line."""
    code, _, err = run(tmp_path / "absent.json")
    assert code == 2
    assert "Cannot read" in err
    assert err.count("\n") == 1


def test_cli_assess_runs_the_same_engine(tmp_path: Path) -> None:
    """``refuge-guide assess`` prints the same JSON as run_assess and exits 0."""
    path = seed_facts(tmp_path)
    completed = subprocess.run(
        [sys.executable, "-m", "bot.cli", "assess", str(path), "--format", "json"],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert completed.returncode == 0, completed.stderr
    assert json.loads(completed.stdout) == json.loads(run(path)[1])


def test_cli_assess_exits_2_on_a_bad_fact(tmp_path: Path) -> None:
    """The command's exit code for a bad fact is 2, with the fact named on stderr."""
    path = facts_file(tmp_path, '{"charges_political": "perhaps"}')
    completed = subprocess.run(
        [sys.executable, "-m", "bot.cli", "assess", str(path)],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert completed.returncode == 2
    assert "'charges_political'" in completed.stderr
