"""Loading the knowledge base: the real one loads; a broken one names file, entry and reason."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from bot.errors import KnowledgeError
from bot.knowledge import KnowledgeBase, load_knowledge
from bot.knowledge.addresses import is_official
from bot.knowledge.ids import ACTION_IDS, GROUND_IDS
from bot.paths import KNOWLEDGE_DIR


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    """A private copy of dialogs/knowledge/ that a test may break."""
    target = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE_DIR, target)
    return target


def replace(path: Path, old: str, new: str) -> None:
    """Edit a copied YAML file in place; the old text must be there exactly once."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def load_error(directory: Path) -> str:
    with pytest.raises(KnowledgeError) as caught:
        load_knowledge(directory)
    return str(caught.value)


def test_real_knowledge_base_has_every_ground_and_action_of_the_brief(
    knowledge: KnowledgeBase,
) -> None:
    """Every ground and action id of the brief is present exactly once, with the review date."""
    assert sorted(ground.id for ground in knowledge.grounds) == sorted(GROUND_IDS)
    assert sorted(action.id for action in knowledge.actions) == sorted(ACTION_IDS)
    assert knowledge.reviewed_on == dt.date(2026, 12, 1)
    assert knowledge.reviewed_by.strip()
    assert {ground.source_tag for ground in knowledge.grounds} <= {"C", "P", "U"}


def test_the_brief_kinds_and_types_are_recorded(knowledge: KnowledgeBase) -> None:
    """Spot checks against the brief's table: kinds and types of a few grounds."""
    assert knowledge.ground("asylum_confidentiality").kinds == ("mla", "extradition", "interpol")
    assert knowledge.ground("refugee_non_refoulement").kinds == ("extradition", "interpol")
    assert knowledge.ground("coe_mla_political_fiscal").type == "optional"
    assert knowledge.ground("mla_foreign_officials_presence").type == "condition"


def test_rule_with_an_unknown_fact_names_file_ground_and_fact(copy: Path) -> None:
    """A rule reading a fact that facts.yaml does not define stops loading."""
    replace(
        copy / "grounds.yaml",
        "applies_when: {fact: death_penalty_possible, equals: yes}",
        "applies_when: {fact: death_penalty_possibel, equals: yes}",
    )
    message = load_error(copy)
    assert "grounds.yaml: ground 'ext_death_penalty'" in message
    assert "unknown fact 'death_penalty_possibel'" in message


def test_rule_with_a_value_the_fact_does_not_allow_is_refused(copy: Path) -> None:
    """A value outside the fact's values stops loading, naming the allowed ones."""
    replace(
        copy / "grounds.yaml",
        "may_apply_when: {fact: protection_status, equals: belgian_national}",
        "may_apply_when: {fact: protection_status, equals: belgian}",
    )
    message = load_error(copy)
    assert "grounds.yaml: ground 'ext_own_nationals'" in message
    assert "value 'belgian' not allowed for fact 'protection_status'" in message


def test_action_rule_with_an_unknown_value_names_the_action(copy: Path) -> None:
    """Actions are checked like grounds, and the message names the action."""
    replace(
        copy / "actions.yaml",
        "when: {fact: detained_or_imminent, equals: yes}",
        "when: {fact: detained_or_imminent, equals: maybe}",
    )
    message = load_error(copy)
    assert "actions.yaml: action 'act_urgent_lawyer'" in message
    assert "'maybe'" in message


def test_unknown_ground_id_is_refused(copy: Path) -> None:
    """A ground id that is not the brief's stops loading (a typo would break tests and flows)."""
    replace(copy / "grounds.yaml", "- id: ne_bis_in_idem", "- id: ne_bis_idem")
    message = load_error(copy)
    assert "grounds.yaml: ground 'ne_bis_idem': unknown ground id" in message


def test_unknown_action_id_is_refused(copy: Path) -> None:
    """An action id that is not the brief's stops loading."""
    replace(copy / "actions.yaml", "- id: act_ccf_request", "- id: act_ccf")
    assert "actions.yaml: action 'act_ccf': unknown action id" in load_error(copy)


def test_eval_like_string_as_a_rule_is_refused_not_run(copy: Path) -> None:
    """A rule written as code is a validation error naming the ground; it is never evaluated."""
    replace(
        copy / "grounds.yaml",
        "applies_when: {fact: judged_same_facts, equals: in_belgium}",
        "applies_when: \"__import__('os').system('echo hacked')\"",
    )
    message = load_error(copy)
    assert "grounds.yaml: ground 'ne_bis_in_idem': applies_when:" in message
    assert "text is never evaluated" in message
    assert "hacked" not in message


def test_testing_a_fact_for_unknown_is_refused(copy: Path) -> None:
    """Rules may not test for 'unknown': an unknown fact must only ever mean 'may apply'."""
    replace(
        copy / "grounds.yaml",
        "applies_when: {fact: sensitive_material, equals: yes}",
        "applies_when: {fact: sensitive_material, equals: unknown}",
    )
    message = load_error(copy)
    assert "ground 'mla_specialty_confidentiality'" in message
    assert "'unknown'" in message


def test_a_set_fact_tested_with_equals_is_refused(copy: Path) -> None:
    """A set-valued fact must be tested with 'contains'."""
    replace(
        copy / "actions.yaml",
        "when: {fact: request_kinds, contains: interpol}",
        "when: {fact: request_kinds, equals: interpol}",
    )
    message = load_error(copy)
    assert "action 'act_ccf_request'" in message
    assert "'contains'" in message


def test_misspelt_key_names_the_entry_and_the_key(copy: Path) -> None:
    """An unexpected key (a typo) is refused rather than silently ignored."""
    replace(
        copy / "grounds.yaml",
        "applies_when: {fact: death_penalty_possible, equals: yes}",
        "aplies_when: {fact: death_penalty_possible, equals: yes}",
    )
    message = load_error(copy)
    assert "grounds.yaml: ground 'ext_death_penalty'" in message
    assert "aplies_when" in message


def test_a_key_written_twice_is_refused_with_its_line(copy: Path) -> None:
    """A repeated key would silently hide a rule, so it stops loading with the line number."""
    replace(
        copy / "meta.yaml",
        "reviewed_on: 2026-12-01",
        "reviewed_on: 2026-12-01\nreviewed_on: 2020-01-01",
    )
    message = load_error(copy)
    assert "meta.yaml: line" in message
    assert "appears twice" in message


def test_a_missing_ground_is_refused(copy: Path) -> None:
    """Dropping a ground of the brief stops loading, naming the missing ground."""
    text = (copy / "grounds.yaml").read_text(encoding="utf-8")
    start = text.index("  - id: ne_bis_in_idem")
    end = text.index("  - id: eu_eaw_fundamental_rights")
    (copy / "grounds.yaml").write_text(text[:start] + text[end:], encoding="utf-8")
    assert "ground 'ne_bis_in_idem': missing from the file" in load_error(copy)


def test_an_unknown_request_kind_is_refused(copy: Path) -> None:
    """A ground filed under a request kind that request_kinds does not offer stops loading."""
    replace(copy / "grounds.yaml", "kinds: [extradition, interpol]", "kinds: [extradition, eaw]")
    message = load_error(copy)
    assert "ground 'refugee_non_refoulement': unknown request kind 'eaw'" in message


def test_a_missing_file_is_named(copy: Path) -> None:
    """Without facts.yaml the message names the file."""
    (copy / "facts.yaml").unlink()
    assert "facts.yaml: file not found" in load_error(copy)


SOURCES_LAW_URLS = """        urls: &sources_law
          - https://www.ejustice.just.fgov.be/eli/wet/2005/04/07/2005009280/justel
"""


def test_every_ground_and_action_names_an_official_address(knowledge: KnowledgeBase) -> None:
    """A lawyer can open every text the guide relies on: each source has an https address
    on an official host, and [C] sources say what was read."""
    items = [*knowledge.grounds, *knowledge.actions]
    for item in items:
        assert item.sources, item.id
        for source in item.sources:
            assert source.urls, item.id
            assert all(is_official(url) for url in source.urls), item.id
            if source.source_tag == "C":
                assert source.read, item.id


def test_a_source_without_an_address_is_refused(copy: Path) -> None:
    """A citation nobody can open cannot be checked: loading stops, naming the ground."""
    replace(copy / "grounds.yaml", SOURCES_LAW_URLS, "        urls: &sources_law []\n")
    message = load_error(copy)
    assert "grounds.yaml: ground 'journalist_sources': sources.0.urls:" in message
    assert "at least 1 item" in message


def test_an_address_that_is_not_an_official_text_is_refused(copy: Path) -> None:
    """A blog or a commercial copy is where a text may be read, never the address cited."""
    replace(
        copy / "grounds.yaml",
        SOURCES_LAW_URLS,
        "        urls: &sources_law\n          - https://rednotice-blog.example.com/art3\n",
    )
    message = load_error(copy)
    assert "ground 'journalist_sources'" in message
    assert "is not the address of an official text" in message


def test_a_plain_http_address_is_refused(copy: Path) -> None:
    """Official hosts are cited over https only, so the address a lawyer opens is theirs."""
    replace(
        copy / "grounds.yaml",
        SOURCES_LAW_URLS,
        "        urls: &sources_law\n          - http://www.ejustice.just.fgov.be/eli\n",
    )
    assert "is not the address of an official text" in load_error(copy)


def test_a_confirmed_source_must_say_what_was_read(copy: Path) -> None:
    """[C] means someone read the text: without the 'read' note the tag is refused."""
    text = (copy / "grounds.yaml").read_text(encoding="utf-8")
    start = text.index("  - id: interpol_art3")
    read = text.index("        read: >-", start)
    title = text.index("    title:", start)
    (copy / "grounds.yaml").write_text(text[:read] + text[title:], encoding="utf-8")
    message = load_error(copy)
    assert "ground 'interpol_art3'" in message
    assert "a source tagged C needs 'read'" in message


def test_an_action_without_sources_is_refused(copy: Path) -> None:
    """Actions carry their sources like grounds do."""
    text = (copy / "actions.yaml").read_text(encoding="utf-8")
    start = text.index("  - id: act_contact_ngo")
    sources = text.index("    sources:", start)
    end = text.index("    text:", start)
    (copy / "actions.yaml").write_text(text[:sources] + text[end:], encoding="utf-8")
    message = load_error(copy)
    assert "actions.yaml: action 'act_contact_ngo': sources: Field required" in message


def test_the_review_must_name_who_reviewed(copy: Path) -> None:
    """The review date alone does not say whose review it was."""
    text = (copy / "meta.yaml").read_text(encoding="utf-8")
    (copy / "meta.yaml").write_text(text[: text.index("reviewed_by:")], encoding="utf-8")
    assert "meta.yaml: reviewed_by: Field required" in load_error(copy)


def test_grounds_out_of_display_order_are_refused(copy: Path) -> None:
    """The file lists the grounds in the order of bot/knowledge/ids.py, the display order."""
    text = (copy / "grounds.yaml").read_text(encoding="utf-8")
    start = text.index("  - id: ne_bis_in_idem")
    middle = text.index("  - id: eu_eaw_fundamental_rights")
    end = text.index("  # --- INTERPOL")
    swapped = text[:start] + text[middle:end] + text[start:middle] + text[end:]
    (copy / "grounds.yaml").write_text(swapped, encoding="utf-8")
    message = load_error(copy)
    assert "ground 'eu_eaw_fundamental_rights': out of order" in message


def test_a_caveat_is_checked_like_a_rule(copy: Path) -> None:
    """A caveat's condition names real facts and values, and the message names the caveat."""
    replace(
        copy / "grounds.yaml",
        "- {fact: charges_corruption, equals: yes}",
        "- {fact: charges_corruption, equals: maybe}",
    )
    message = load_error(copy)
    assert "ground 'ext_political_offence': caveat 'un_political_offence_exclusion'" in message
    assert "'maybe'" in message
