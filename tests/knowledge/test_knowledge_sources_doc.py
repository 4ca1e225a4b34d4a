"""docs/legal-sources.md: the whole legal content for a reviewer, generated and never stale."""

from __future__ import annotations

from pathlib import Path

from bot.knowledge import KnowledgeBase
from bot.knowledge.sources_doc import COMMAND, DOC_PATH, in_words, main, render


def test_the_committed_document_is_up_to_date(knowledge: KnowledgeBase) -> None:
    """Change a ground, a source or a text and forget to regenerate: this fails."""
    assert DOC_PATH.read_text(encoding="utf-8") == render(knowledge), f"stale: run {COMMAND}"


def test_every_ground_action_source_and_address_is_in_it(knowledge: KnowledgeBase) -> None:
    """A reviewer finds each item with its tag, every address, and what was read there."""
    text = render(knowledge)
    assert f"Legal content last reviewed:** {knowledge.reviewed_on.isoformat()}" in text
    for item in (*knowledge.grounds, *knowledge.actions):
        assert f"### `{item.id}`" in text
        for source in item.sources:
            assert f"**[{source.source_tag}]**" in text
            assert all(f"<{url}>" in text for url in source.urls)
            if source.read:
                assert source.read in text
    for ground in knowledge.grounds:
        assert ground.plain in text
        assert ground.advocate in text


def test_rules_are_written_in_words(knowledge: KnowledgeBase) -> None:
    """The rules read like the brief: facts, values, and/or/not, grouped where needed."""
    ground = knowledge.ground("be_mla_political_offence")
    assert ground.applies_when is not None
    assert in_words(ground.applies_when) == "treaty_cited = none and charges_political = yes"
    death = knowledge.ground("mla_death_penalty")
    assert "never (the facts collected cannot settle it)" in render(knowledge)
    assert death.applies_when is None


def test_check_mode_reports_a_stale_file_and_writes_nothing(tmp_path: Path) -> None:
    """``--check`` exits 1 on a stale copy and leaves it as it was; a fresh one passes."""
    stale = tmp_path / "legal-sources.md"
    stale.write_text("old\n", encoding="utf-8")
    assert main(["--check", "--output", str(stale)]) == 1
    assert stale.read_text(encoding="utf-8") == "old\n"
    assert main(["--output", str(stale)]) == 0
    assert main(["--check", "--output", str(stale)]) == 0
