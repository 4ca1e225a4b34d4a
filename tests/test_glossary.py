"""The glossary: every official term of the legal brief explained, found in the texts that
use it, refused when broken."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.dialog.model import Node
from bot.dialog.result_screen import SUMMARY, ground_page, result_screen
from bot.dialog.runner import Runner
from bot.dialog.screens import keyboard
from bot.dialog.state import SessionState
from bot.dialog.terms import offered
from bot.directory import load_directory
from bot.errors import GlossaryError
from bot.glossary import GLOSSARY_FILE, Glossary, Term, load_glossary
from bot.i18n import GLOSSARY_CONTEXT, LANGUAGES, get_translator
from bot.next_steps import load_next_steps
from bot.urgent import load_urgent
from tests.i18n.glossary import GLOSSARY
from tests.support.labels import ADVOCATE
from tests.support.runner_chat import RunnerChat, walk_case
from tests.support.seed_case import ADVOCATE_SEED_WALK, ALL_UNKNOWN, INTERPOL_TRAVEL


@pytest.fixture(scope="module")
def glossary() -> Glossary:
    return load_glossary()


BRIEF_TERMS = (
    "mutual legal assistance",
    "letter rogatory",
    "requesting state",
    "central authority",
    "extradition",
    "Red Notice",
    "diffusion",
    "Commission for the Control of INTERPOL's Files (CCF)",
    "refugee status",
    "subsidiary protection",
    "applicant for international protection",
    "political offence",
    "ordre public",
    "dual criminality",
    "specialty rule",
    "search and seizure",
    "investigating judge",
    "chambre des mises en accusation",
    "FPS Justice",
    "CGRA / CGVS",
    "non-refoulement",
    "death penalty assurances",
    "flagrant denial of justice",
    "persecution",
    "requested state",
    "connected offence",
    "INTERPOL's Constitution",
    "human-rights defender",
    "asylum / migration lawyer",
)


def test_every_term_of_the_brief_is_explained(glossary: Glossary) -> None:
    assert set(BRIEF_TERMS) <= {term.term for term in glossary.terms}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_each_explanation_reads_in_the_readers_language(glossary: Glossary, lang: str) -> None:
    """The term and its explanation are translated (the catalog tests check the wording)."""
    t = get_translator(lang)
    for term in glossary.terms:
        explained = term.explain(t)
        assert explained.startswith(term.shown(t))
        if lang != "en":
            assert t.gettext(term.plain) != term.plain, term.id


def test_a_text_offers_the_terms_it_uses_in_glossary_order(glossary: Glossary) -> None:
    found = glossary.terms_in("Mutual legal assistance (letter rogatory)", "Red Notice")
    assert [term.id for term in found] == [
        "mutual_legal_assistance",
        "letter_rogatory",
        "red_notice",
    ]


def test_a_plain_question_offers_the_official_term(glossary: Glossary) -> None:
    """The person's question says "Send me back to that state"; the term is extradition."""
    found = glossary.terms_in("Send me back to that state (extradition)")
    assert [term.id for term in found] == ["extradition"]


def test_a_text_that_uses_every_term_offers_every_term(glossary: Glossary) -> None:
    text = " ".join(glossary_term.term for glossary_term in glossary.terms)
    assert set(glossary.terms_in(text)) == set(glossary.terms)


def test_the_jargon_of_a_title_comes_before_names_a_person_knows(glossary: Glossary) -> None:
    """The title (the first text) says "non-refoulement"; the explanation below it names
    refugee status and subsidiary protection, which come earlier in the glossary: the
    term a person cannot know is offered first, the names after it as room allows."""
    found = glossary.terms_in(
        "No return to the state you fled (non-refoulement)",
        "You have refugee status or subsidiary protection; you asked for asylum; you may not"
        " be extradited for a political offence, nor found by INTERPOL (Red Notice).",
    )
    ids = [term.id for term in found]
    assert ids[0] == "non_refoulement"
    assert ids.index("political_offence") < ids.index("refugee_status"), "jargon first"
    assert {"refugee_status", "subsidiary_protection", "red_notice"} <= set(ids)


def test_a_persons_ground_page_offers_the_term_in_its_title(runner: Runner) -> None:
    """A refugee found through INTERPOL opens "No return to the state you fled
    (non-refoulement)": the term in its title is on a button, and explains itself."""
    chat = walk_case(runner, INTERPOL_TRAVEL)
    chat.press("No return to the state you fled")
    assert chat.text.startswith("No return to the state you fled (non-refoulement)")
    assert "ⓘ non-refoulement" in chat.labels, chat.labels
    chat.press("ⓘ non-refoulement")
    assert "non-refoulement: The rule that no one may be sent" in chat.text


def _used_in(glossary: Glossary, text: str) -> list[Term]:
    return [term for term in glossary.terms if term.pattern.search(text)]


@pytest.mark.parametrize("advocate", [False, True], ids=["person", "advocate"])
def test_every_term_a_ground_page_uses_is_offered_on_it(
    runner: Runner, glossary: Glossary, advocate: bool
) -> None:
    """Every ground, as either reader opens it: every term its title, its explanation and
    every caveat it may show use is on a button (more text than any one page holds, so
    the most terms a page can need)."""
    missing = []
    for ground in runner.kb.grounds:
        title = ground.title_for(advocate)
        explanation = ground.advocate if advocate else ground.plain
        caveats = [c.advocate if advocate else c.plain for c in ground.caveats]
        shown = offered(runner, (title, explanation, *caveats))
        used = _used_in(glossary, "\n".join((title, explanation, *caveats)))
        missing += [f"{ground.id}: {term.term}" for term in used if term not in shown]
    assert not missing, missing


def _ground_pages(chat: RunnerChat) -> Iterator[tuple[str, list[str]]]:
    """Each ground page the result offers, drawn as the reader opens it: its heading (the
    ground's title) and its button labels."""
    summary = chat.runner.result(chat.state, get_translator(chat.lang), SUMMARY)
    assert summary is not None
    for index in range(len(summary.grounds)):
        state = chat.state.model_copy(update={"page": ground_page(index)})
        view = result_screen(chat.runner, state)
        yield view.paragraphs[0].text, [b.label for b in view.buttons]


def test_each_ground_page_of_a_result_offers_the_terms_of_its_title(
    runner: Runner, glossary: Glossary
) -> None:
    """The real pages: every ground a person who answered "I don't know" throughout can
    open, every ground of a refugee found through INTERPOL, and every ground of the
    advocate's seed case."""
    advocate = RunnerChat(runner)
    advocate.begin(ADVOCATE)
    advocate.press_all(*ADVOCATE_SEED_WALK)
    chats = (walk_case(runner, ALL_UNKNOWN), walk_case(runner, INTERPOL_TRAVEL), advocate)
    t = get_translator("en")
    missing, opened = [], 0
    for chat in chats:
        for title, labels in _ground_pages(chat):
            opened += 1
            missing += [
                f"{title}: {term.term}"
                for term in _used_in(glossary, title)
                if term.label(t) not in labels
            ]
    assert opened >= 12, "both results offer ground pages"
    assert not missing, missing


def _shown(node: Node) -> list[str]:
    """The English texts of a question: its text, its answers, its checklist items."""
    return [node.text, *(o.label for o in node.options), *(i.label for i in node.items)]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_term_of_a_question_is_on_its_rows(
    runner: Runner, glossary: Glossary, lang: str
) -> None:
    """Every question of every flow, drawn as the reader meets it: each term its text,
    its answers or its checklist items use has its ⓘ button, three to a row at most."""
    t = get_translator(lang)
    missing = []
    for flow_id in ("main", "person", "advocate"):
        for node in runner.flows[flow_id].nodes:
            if not node.answered:
                continue
            state = SessionState(lang=lang, flow=flow_id, node=node.id)
            rows = keyboard(runner, state)
            labels = [b.label for row in rows for b in row]
            term_rows = [row for row in rows if any(b.label.startswith("ⓘ") for b in row)]
            assert all(len(row) <= 3 for row in term_rows), f"{flow_id}.{node.id}"
            missing += [
                f"{flow_id}.{node.id}: {term.label(t)}"
                for term in _used_in(glossary, "\n".join(_shown(node)))
                if term.label(t) not in labels
            ]
    assert not missing, missing


def test_a_text_without_terms_offers_none(glossary: Glossary) -> None:
    assert glossary.terms_in("Who are you?") == ()


def test_a_broken_pattern_names_the_term(tmp_path: Path) -> None:
    copy = tmp_path / "glossary.yaml"
    shutil.copy(GLOSSARY_FILE, copy)
    text = copy.read_text(encoding="utf-8")
    copy.write_text(
        text.replace("match: ['red notice']", "match: ['red (notice']"), encoding="utf-8"
    )
    with pytest.raises(
        GlossaryError, match=r"glossary.yaml: term 'red_notice': match: .*red \(notice"
    ):
        load_glossary(copy)


@pytest.mark.parametrize(
    ("jargon", "problem"),
    [
        ("", "jargon: Field required"),
        ("    jargon: yes\n", "jargon: Input should be a valid boolean"),
    ],
    ids=["missing", "not a boolean"],
)
def test_each_term_says_whether_it_is_jargon(tmp_path: Path, jargon: str, problem: str) -> None:
    """Every term is decided: one without ``jargon: true|false`` is refused, named."""
    copy = tmp_path / "glossary.yaml"
    text = GLOSSARY_FILE.read_text(encoding="utf-8")
    start = text.index("  - id: diffusion\n")
    decided = re.compile(r"    jargon: (true|false)\n")
    found = decided.search(text, start)
    assert found is not None
    copy.write_text(text[: found.start()] + jargon + text[found.end() :], encoding="utf-8")
    with pytest.raises(GlossaryError, match=rf"glossary.yaml: term 'diffusion': {problem}"):
        load_glossary(copy)


# --- The rule of issue 11: plain words first, the official term in brackets -------------


def person_texts(runner: Runner) -> Iterator[tuple[str, str]]:
    """Every data text a person concerned reads, with where it is: the person flow's and
    the shared main flow's titles, texts, "why" texts, buttons, options and checklist
    items; the grounds' person titles, explanations and caveats; the actions; the urgent
    checklist; the short next steps of the result; what each contact helps with; the
    glossary's explanations (each of the other terms it uses). (Advocates read the legal terms
    plainly: their flow and their titles and texts are not walked. A ground's short
    ``button`` form is not either: 40 characters leave no room for a bracket, and the
    button opens the page whose heading is the full title.)"""
    for flow_id in ("main", "person"):
        for node in runner.flows[flow_id].nodes:
            at = f"{flow_id}.{node.id}"
            for field in ("title", "text", "console_text", "why", "label"):
                text = getattr(node, field)
                if text:
                    yield f"{at}.{field}", text
            for option in node.options:
                yield f"{at}, option {option.value!r}", option.label
            for item in node.items:
                yield f"{at}, checklist item {item.fact!r}", item.label
    for ground in runner.kb.grounds:
        yield f"ground {ground.id}, title", ground.title
        yield f"ground {ground.id}, plain", ground.plain
        for caveat in ground.caveats:
            yield f"ground {ground.id}, caveat {caveat.id}", caveat.plain
    for action in runner.kb.actions:
        yield f"action {action.id}", action.text
    for step in load_urgent().steps:
        yield f"urgent step {step.id}", step.text
    for action_id, wording in load_next_steps(runner.kb).steps.items():
        yield f"next step {action_id}", wording.text
    for contact in load_directory().shown:
        yield f"contact {contact.id}", contact.helps_with
    for term in runner.glossary.terms:
        yield f"glossary {term.id}", term.plain


def _without_brackets(text: str) -> str:
    return re.sub(r"\([^()]*\)", " ", text)


def plain_words_first(text: str, term: str, official: str) -> str | None:
    """What is wrong with how ``text`` uses the jargon ``term`` (None: nothing). The term
    ``official`` (a pattern) must stand in a bracket that follows plain words, "... (dual
    criminality)" or "... (принцип невысылки)", and the English ``term`` may not stand bare
    outside brackets."""
    if not re.search(rf"\S\s\([^()]*?(?:{official})", text, re.IGNORECASE):
        return "no plain words followed by the term in brackets"
    if re.search(re.escape(term), _without_brackets(text), re.IGNORECASE):
        return "the term stands bare"
    return None


def official_term(term: Term, lang: str) -> str:
    """The official term of ``lang`` as a pattern: the catalog tests' glossary row where
    one exists (it follows inflection), else the glossary's own translation."""
    if lang == "en":
        return re.escape(term.term)
    for english, per_language in GLOSSARY.items():
        if re.search(english, term.term, re.IGNORECASE):
            return per_language[lang]
    return re.escape(get_translator(lang).pgettext(GLOSSARY_CONTEXT, term.term).split(" (")[0])


def test_the_rule_tells_plain_words_from_bare_jargon(glossary: Glossary) -> None:
    """The examples of the rule: the plain question with the term after it passes; the
    bare term, or the plain words alone, do not."""
    (term,) = (term for term in glossary.terms if term.id == "dual_criminality")
    official = official_term(term, "en")
    good = "Would it also be a crime in Belgium (dual criminality)?"
    assert plain_words_first(good, term.term, official) is None
    for bad in (
        "Would it also be a crime in Belgium?",
        "Is dual criminality met?",
        "Is dual criminality met (dual criminality)?",
        "(dual criminality) Is it a crime?",
    ):
        assert plain_words_first(bad, term.term, official) is not None, bad


def test_some_terms_are_jargon_and_some_are_names(glossary: Glossary) -> None:
    jargon = {term.id for term in glossary.terms if term.jargon}
    assert {"dual_criminality", "non_refoulement", "ne_bis_in_idem", "diffusion"} <= jargon
    assert not {"red_notice", "cgra", "refugee_status", "legal_aid"} & jargon


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_person_reads_plain_words_first_and_the_official_term_in_brackets(
    runner: Runner, glossary: Glossary, lang: str
) -> None:
    """Wherever a person's text (English source) uses a jargon term of the glossary, by
    its own words or by the plain words that stand for it, the text gives plain words
    first and the official term in brackets after them, never the bare term; and the
    translation carries its language's official term in brackets too: "Would it also be
    a crime in Belgium (dual criminality)?"."""
    t = get_translator(lang)
    broken = []
    for where, english in person_texts(runner):
        for term in glossary.terms:
            if not term.jargon or not term.pattern.search(english):
                continue
            if where == f"glossary {term.id}":
                continue  # a term's own explanation says what the term means
            text = english if lang == "en" else t.gettext(english)
            problem = plain_words_first(text, term.term, official_term(term, lang))
            if lang != "en" and problem == "the term stands bare":
                problem = None  # the English is checked for bare terms; inflection varies
            if problem:
                broken.append(f"{where}: {term.term}: {problem}: {text!r}")
    assert not broken, "\n".join(broken)
