"""What people read: no promises, no markup, no invented contact details, short plain text,
nothing presented as more settled than its sources, and the corrections of the December 2026
review (legal brief §0) kept."""

from __future__ import annotations

import re

import pytest

from bot.dialog.loader import load_flows
from bot.knowledge import (
    Action,
    Caveat,
    Condition,
    Ground,
    KnowledgeBase,
    facts_used,
    load_knowledge,
)

KB = load_knowledge()


def _user_strings(knowledge: KnowledgeBase) -> list[tuple[str, str]]:
    strings: list[tuple[str, str]] = []
    for ground in knowledge.grounds:
        strings += [(ground.id, text) for text in (ground.title, ground.plain, ground.advocate)]
        strings += [(ground.id, source.instrument) for source in ground.sources]
        for caveat in ground.caveats:
            strings += [(caveat.id, caveat.plain), (caveat.id, caveat.advocate)]
            strings += [(caveat.id, source.instrument) for source in caveat.sources]
    for action in knowledge.actions:
        strings += [(action.id, text) for text in (action.text, action.advocate) if text]
        strings += [(action.id, source.instrument) for source in action.sources]
    return strings


USER_STRINGS = _user_strings(KB)

PROMISES = re.compile(
    r"you are safe|will be refused|will not be (extradited|sent|handed)|guarantee|"
    r"certainly|cannot be extradited",
    re.IGNORECASE,
)
CONTACT_DETAILS = re.compile(r"https?://|www\.|@|\+?\d[\d ()-]{7,}\d")


@pytest.mark.parametrize(("entry", "text"), USER_STRINGS)
def test_text_promises_no_outcome(entry: str, text: str) -> None:
    """Only Belgian authorities and courts decide, so no text says how it will end."""
    assert not PROMISES.search(text), entry


@pytest.mark.parametrize(("entry", "text"), USER_STRINGS)
def test_text_has_no_markup_placeholders_or_contact_details(entry: str, text: str) -> None:
    """Plain text for every channel and catalog; contact details live in a reviewed file only."""
    assert not re.search(r"[<>{}]", text), entry
    assert not CONTACT_DETAILS.search(text), entry


@pytest.mark.parametrize("ground", KB.grounds, ids=lambda ground: ground.id)
def test_plain_explanation_is_one_to_three_short_sentences(ground: object) -> None:
    """People concerned get B1-level text: at most three sentences of moderate length."""
    plain: str = ground.plain  # type: ignore[attr-defined]
    sentences = [part for part in re.split(r"(?<=[.!?])\s+", plain.strip()) if part]
    assert 1 <= len(sentences) <= 3
    assert all(len(sentence.split()) <= 30 for sentence in sentences)


# -- Nothing overclaims (issue 10, point 6) ------------------------------------------------

MUST_REFUSE = re.compile(
    r"\bmust\s+(?:not\s+)?(?:refuse|be\s+refused)|\bwill\s+(?:be\s+)?refuse|\bhas\s+to\s+refuse|"
    r"\bis\s+(?:obliged|bound)\s+to\s+refuse|\bcannot\s+be\s+(?:extradited|sent|handed)",
    re.IGNORECASE,
)


def _person_texts(knowledge: KnowledgeBase) -> list[tuple[str, str]]:
    """What the people concerned read: plain texts, caveats, actions, the person flow."""
    texts: list[tuple[str, str]] = []
    for ground in knowledge.grounds:
        texts.append((ground.id, ground.plain))
        texts += [(caveat.id, caveat.plain) for caveat in ground.caveats]
    texts += [(action.id, action.text) for action in knowledge.actions]
    for node in load_flows(knowledge)["person"].nodes:
        texts += [(node.id, text) for text in (node.text, node.why or "") if text]
    return texts


@pytest.mark.parametrize(("entry", "text"), _person_texts(KB))
def test_person_texts_never_say_belgium_must_refuse(entry: str, text: str) -> None:
    """Whether a refusal is due depends on facts the person may not know (the treaty, the
    route): their texts say what may help, never that Belgium must or will refuse."""
    assert not MUST_REFUSE.search(text), entry


def _reads(ground: Ground, fact: str) -> bool:
    return any(fact in facts_used(condition) for condition in _rules(ground))


def _rules(ground: Ground) -> list[Condition]:
    return [rule for rule in (ground.applies_when, ground.may_apply_when) if rule is not None]


@pytest.mark.parametrize("ground", KB.grounds, ids=lambda ground: ground.id)
def test_a_ground_that_depends_on_the_route_says_so_to_the_person(ground: Ground) -> None:
    """A ground that binds only without a treaty, or only for an EU state, names that
    condition in the person's words too, not only in the advocate's."""
    if ground.applies_when is not None and "treaty_cited" in facts_used(ground.applies_when):
        assert re.search(r"treaty|convention|treaties", ground.plain, re.IGNORECASE), ground.id
    if _reads(ground, "requesting_state_eu_member") and ground.id.startswith("eu_"):
        assert re.search(r"\bEU\b|European", ground.plain), ground.id


CAVEAT = re.compile(r"Caveat: [^.]*\bcheck")
"""How an advocate text flags what the guide could not read: a caveat addressed to the
advocate ("Caveat: check Art. 33 in the official text before relying on it."). The facts
about the reading itself stay in the sources' ``read`` notes."""

NOTE_TO_OURSELVES = re.compile(
    r"not (?:re-?)?read|read (?:here|in part)|to be checked|unofficial copy|not checked|"
    r"was not found|\bhere\b",
    re.IGNORECASE,
)


@pytest.mark.parametrize("ground", KB.grounds, ids=lambda ground: ground.id)
def test_an_unread_primary_text_is_flagged_to_both_readers(ground: Ground) -> None:
    """A ground resting on a text nobody has read ([U]) says it must be checked, in the
    person's words and as a caveat to the advocate; never presented as settled."""
    if ground.source_tag == "U":
        assert re.search(r"\bcheck", ground.plain), ground.id
        assert CAVEAT.search(ground.advocate), ground.id


@pytest.mark.parametrize("ground", KB.grounds, ids=lambda ground: ground.id)
def test_a_partly_confirmed_primary_text_is_hedged_for_the_advocate(ground: Ground) -> None:
    """A ground whose primary text was only partly read ([P]) tells the advocate what to
    check before relying on it (or that a point is only reported)."""
    if ground.source_tag in ("P", "U"):
        assert CAVEAT.search(ground.advocate) or "reports" in ground.advocate, ground.id


def _advocate_texts(knowledge: KnowledgeBase) -> list[tuple[str, str]]:
    texts = [(ground.id, ground.advocate) for ground in knowledge.grounds]
    texts += [(c.id, c.advocate) for ground in knowledge.grounds for c in ground.caveats]
    texts += [(action.id, action.advocate or action.text) for action in knowledge.actions]
    return texts


@pytest.mark.parametrize(("entry", "text"), _advocate_texts(KB))
def test_no_advocate_text_reads_as_a_note_to_ourselves(entry: str, text: str) -> None:
    """ "not read here", "seen only in an unofficial copy", "to be checked": notes of the
    team, not words for an advocate. What was read is in the sources' ``read`` notes."""
    assert not NOTE_TO_OURSELVES.search(text), entry


@pytest.mark.parametrize(("entry", "text"), USER_STRINGS)
def test_the_asylum_authority_is_cgra_cgvs_never_cgrs(entry: str, text: str) -> None:
    """The legal brief's December glossary: CGRA/CGVS, the acronyms on the person's own
    papers, for readers of any language; never the English "CGRS"."""
    assert "CGRS" not in text, entry


# Concepts an advocate text may name, and how the person's text must name them too.
CONCEPTS: dict[str, tuple[str, str]] = {
    "no-treaty scope": (r"§1 requests|under a treaty|where a treaty", r"treaty"),
    "death penalty": (r"death penalty|punishable by death", r"death"),
    "torture": (r"\btorture", r"torture"),
    "refugee status": (r"[Rr]efugee status|refugee grant", r"[Rr]efugee"),
    "subsidiary protection": (r"[Ss]ubsidiary protection|subsidiary-protection", r"subsidiary"),
    "political offence": (r"political offence", r"political"),
    "European arrest warrant": (r"^(?!.*extradition).*European arrest warrant", r"arrest warrant"),
    "European Investigation Order": (r"\bEIO\b|European Investigation Order", r"Investigation"),
    "an argument only": (r"is an argument", r"argu"),
}


@pytest.mark.parametrize("ground", KB.grounds, ids=lambda ground: ground.id)
def test_person_and_advocate_texts_say_the_same_thing(ground: Ground) -> None:
    """The advocate's text is the person's at a second level of detail: a key notion in one
    (the treaty condition, the death penalty, a protection status, a mere argument) is in
    the other too."""
    for concept, (advocate, plain) in CONCEPTS.items():
        if re.search(advocate, ground.advocate, re.DOTALL):
            assert re.search(plain, ground.plain, re.IGNORECASE), f"{ground.id}: {concept}"


@pytest.mark.parametrize(
    "caveat", [c for g in KB.grounds for c in g.caveats], ids=lambda caveat: caveat.id
)
def test_a_caveat_is_short_plain_and_flags_an_unread_text(caveat: Caveat) -> None:
    """A caveat shown to a person is as short as a ground's text, and says to check what
    nobody has read."""
    sentences = [part for part in re.split(r"(?<=[.!?])\s+", caveat.plain.strip()) if part]
    assert 1 <= len(sentences) <= 3
    if any(source.source_tag == "U" for source in caveat.sources):
        assert "check" in caveat.plain
        assert CAVEAT.search(caveat.advocate)


# -- The corrections of the December 2026 review (legal brief §0) --------------------------


def test_death_penalty_rests_on_the_1874_law_with_no_rule_pending() -> None:
    """§0.5: the 1874 Law first, ETS 24 Art. 11 as optional, no "stricter rule pending"."""
    ground = KB.ground("ext_death_penalty")
    assert ground.instrument == "Law of 15 March 1874 on extraditions"
    assert "optional" in ground.advocate
    assert "pending" not in f"{ground.plain} {ground.advocate}"


def test_the_attentat_clause_is_quoted_in_its_narrow_wording() -> None:
    """§0.7: murder, assassination or poisoning of a foreign head of government or family."""
    ground = KB.ground("ext_political_offence")
    assert "soit de meurtre, soit d'assassinat, soit d'empoisonnement" in ground.advocate
    assert "murder, assassination or poisoning" in ground.plain
    assert "head of state or government" not in ground.plain


def test_nationals_are_a_statutory_bar_not_a_practice() -> None:
    """§0.6: "tout étranger" in the 1874 Law, a mandatory bar outside the EU."""
    ground = KB.ground("ext_own_nationals")
    assert ground.type == "mandatory"
    assert "tout étranger" in ground.advocate
    assert all("practice" not in source.instrument for source in ground.sources)


def test_asylum_confidentiality_rests_on_the_2024_regulation() -> None:
    """§0.4: Regulation (EU) 2024/1348 Art. 7(2) is the primary instrument."""
    ground = KB.ground("asylum_confidentiality")
    assert ground.instrument.startswith("Regulation (EU) 2024/1348")
    assert ground.article == "Art. 7(2)"
    assert "argu" in ground.plain


def test_ne_bis_in_idem_is_an_extradition_ground_for_belgian_judgments() -> None:
    """§0.3: Belgium's own final judgment; not an ETS 30 or UNCAC assistance ground."""
    ground = KB.ground("ne_bis_in_idem")
    assert ground.kinds == ("extradition",)
    assert "Belgian court" in ground.plain


def test_interpol_texts_cite_the_resolution_and_hedge_what_is_only_reported() -> None:
    """§0.9: GA-2017-86-RES-09 is quoted; the naturalisation practice is only reported."""
    ground = KB.ground("interpol_refugee_policy")
    assert ground.article == "GA-2017-86-RES-09"
    assert "reports" in ground.advocate
    assert "not settled" in ground.plain


def test_the_ccf_step_says_to_mark_refuge_details_confidential() -> None:
    """§0 safety: the CCF tells the requesting state's bureau of its decision."""
    action = KB.action("act_ccf_request")
    for text in (action.text, action.advocate or ""):
        assert "confidential" in text
        assert "lawyer" in text or "CCF" in text


def test_the_cgrs_step_starts_with_an_asylum_lawyer() -> None:
    """§0 safety: talk to an asylum lawyer first, then tell the CGRA/CGVS."""
    assert KB.action("act_inform_cgrs").text.startswith("First talk to an asylum lawyer.")


def test_the_refusal_step_is_addressed_by_route_without_naming_a_status() -> None:
    """§0 safety: the addressee depends on the route; a status is cited only where there is
    one, in its own step."""
    text = KB.action("act_ask_refusal").text
    assert "FPS Justice" in text
    assert "prosecutor or investigating judge" in text
    assert "status" not in text
    cite = KB.action("act_cite_protection")
    assert cite.when is not None
    assert "protection_status" in facts_used(cite.when)


@pytest.mark.parametrize("action", KB.actions, ids=lambda action: action.id)
def test_no_step_points_to_the_requesting_states_embassy_consulate_or_police(
    action: Action,
) -> None:
    """An embassy, consulate or police of that state appears only in a warning not to go."""
    for text in (action.text, action.advocate or ""):
        for sentence in re.split(r"(?<=[.!?:])\s+", text):
            if re.search(r"embass|consulate|consular|police", sentence, re.IGNORECASE):
                assert re.search(r"\b(?:Do not|Never|not)\b", sentence), action.id
