"""``refuge-guide assess FACTS.json``: the engine on a file of facts, as JSON or text."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.knowledge.ids import GROUND_IDS
from tests.cli.conftest import Cli
from tests.support.processes import refuge_guide
from tests.support.seed_case import SEED_SCENARIO

DISCLAIMER = (
    "This is legal information, not legal advice. Only Belgian authorities and courts decide."
)


def facts_file(tmp_path: Path, content: str) -> Path:
    path = tmp_path / "facts.json"
    path.write_text(content, encoding="utf-8")
    return path


def seed_facts(tmp_path: Path) -> Path:
    facts = json.loads(SEED_SCENARIO.read_text(encoding="utf-8"))["facts"]
    return facts_file(tmp_path, json.dumps(facts))


def test_json_lists_every_ground_once_with_its_citation(tmp_path: Path, cli: Cli) -> None:
    """The JSON report has every ground once, with status, instrument, article and source tag."""
    run = cli("assess", str(seed_facts(tmp_path)))
    assert (run.code, run.err) == (0, "")
    report = json.loads(run.out)
    assert [ground["id"] for ground in report["grounds"]] == list(GROUND_IDS)
    for ground in report["grounds"]:
        keys = {"id", "status", "type", "instrument", "article", "source_tag", "explanation"}
        assert keys <= set(ground)
    public_order = next(
        g for g in report["grounds"] if g["id"] == "be_mla_sovereignty_public_order"
    )
    assert public_order["status"] == "applies"
    assert public_order["article"] == "Art. 4 §2 1°"
    assert public_order["source_tag"] == "C"
    assert [action["id"] for action in report["actions"]] == [
        "act_execution_review",
        "act_ask_refusal",
        "act_cite_protection",
        "act_inform_cgrs",
        "act_contact_ngo",
    ]
    assert all(action["text"] for action in report["actions"])
    assert report["knowledge_reviewed_on"] == "2026-12-01"


def test_json_is_indented_and_keeps_non_ascii_text(tmp_path: Path, cli: Cli) -> None:
    """Output is readable: indented, and '§' and '°' stay as they are."""
    out = cli("assess", str(seed_facts(tmp_path))).out
    assert out.startswith('{\n  "grounds"')
    assert "§2 1°" in out


def test_text_report_groups_by_status_and_ends_with_date_and_disclaimer(
    tmp_path: Path, cli: Cli
) -> None:
    """The text is the result screen's: what applies, what may apply, the rest counted,
    what to do, then the review date and the disclaimer."""
    run = cli("assess", str(seed_facts(tmp_path)), "--format", "text")
    assert run.code == 0
    out = run.out
    points = out.index("Grounds your answers point to\n")
    may = out.index("Grounds that may apply (check with a lawyer)\n")
    others = out.index("other grounds are not indicated by your answers")
    actions = out.index("What you can do now\n")
    assert points < may < others < actions
    assert "Law of 9 December 2004" in out
    assert "Art. 4 §2 1° [C: confirmed]" in out
    assert "Legal content last reviewed on December 1, 2026." in out
    assert out.rstrip().endswith(DISCLAIMER)


def test_text_report_formats_the_review_date_for_the_language(tmp_path: Path, cli: Cli) -> None:
    """The review date is written the way readers of the chosen language write dates, and
    citations the way its lawyers cite: article, punctuation and tag note all French."""
    out = cli("assess", str(seed_facts(tmp_path)), "--format", "text", "--lang", "fr").out
    assert "1er décembre 2026" in out
    assert "art. 4, §\u00a02, 1° [C\u00a0: confirmé]" in out
    assert "Art." not in out


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
    tmp_path: Path, cli: Cli, content: str, named: str
) -> None:
    """A fact problem prints one line naming the fact and the allowed values, and nothing else."""
    run = cli("assess", str(facts_file(tmp_path, content)))
    assert (run.code, run.out) == (2, "")
    assert run.err.count("\n") == 1
    assert f"'{named}'" in run.err
    if named != "nationality":
        assert "refugee" in run.err or "mla, extradition, interpol" in run.err


def test_a_bad_fact_is_named_in_the_chosen_language(tmp_path: Path, cli: Cli) -> None:
    """The line about a wrong fact is in the language of --lang, and never repeats the value."""
    run = cli(
        "assess", str(facts_file(tmp_path, '{"protection_status": "pirate"}')), "--lang", "fr"
    )
    assert run.code == 2
    assert "Le fait «\xa0protection_status\xa0» accepte uniquement ces valeurs" in run.err
    assert "pirate" not in run.err


@pytest.mark.parametrize(
    ("content", "expected"),
    [("{not json", "not valid JSON (line 1, column 2)"), ('["mla"]', "one JSON object")],
    ids=["invalid-json", "not-an-object"],
)
def test_unusable_file_exits_2_with_one_line(
    tmp_path: Path, cli: Cli, content: str, expected: str
) -> None:
    """A file that is not a JSON object of facts is refused in one line."""
    run = cli("assess", str(facts_file(tmp_path, content)))
    assert (run.code, run.out) == (2, "")
    assert expected in run.err
    assert run.err.count("\n") == 1


def test_missing_file_exits_2(tmp_path: Path, cli: Cli) -> None:
    """A path that cannot be read is refused in one line."""
    run = cli("assess", str(tmp_path / "absent.json"))
    assert run.code == 2
    assert "Cannot read" in run.err
    assert run.err.count("\n") == 1


def test_the_installed_command_prints_the_same_json(tmp_path: Path, data_dir: Path) -> None:
    """``refuge-guide assess`` as a separate process prints the same JSON and exits 0."""
    path = seed_facts(tmp_path)
    completed = refuge_guide("assess", str(path), "--format", "json", data_dir=data_dir)
    assert completed.returncode == 0, completed.stderr
    first = json.loads(completed.stdout)
    assert first["grounds"][0]["status"] == "applies"
    assert [g["id"] for g in first["grounds"]] == list(GROUND_IDS)
