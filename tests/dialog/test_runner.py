"""The pure runner: the main, person and advocate flows, navigation and the result."""

from __future__ import annotations

import pytest

from bot.dialog.callback import Callback, Verb
from bot.dialog.events import (
    Back,
    ChooseLanguage,
    Current,
    Forget,
    Help,
    Press,
    Start,
    TextInput,
)
from bot.dialog.facts import session_facts
from bot.dialog.runner import Runner
from bot.i18n import get_translator
from bot.knowledge import parse_facts
from tests.support.labels import (
    ADVOCATE,
    ADVOCATE_EXTRADITION,
    ADVOCATE_MLA,
    ADVOCATE_REFUGEE,
    BACK,
    BELGIAN_NATIONAL,
    CASE_NOTE,
    CASE_NOTE_FR,
    CHANGE_KIND,
    CHANGE_STATUS,
    CHANGE_URGENT,
    CONTINUE_QUESTIONS,
    DONE,
    DONT_KNOW,
    DUTCH,
    ENGLISH,
    ERASE,
    FISCAL_ONLY,
    FLED_STATE,
    FRENCH,
    INTERPOL,
    KEEP_ANSWERS,
    MLA,
    NO,
    PERSON,
    QUICK_EXIT,
    REFUGEE,
    REVIEW,
    RUSSIAN,
    SEIZED_MATERIAL,
    UNKNOWN,
    URGENT_HELP,
    WHY,
    YES,
)
from tests.support.runner_chat import RunnerChat
from tests.support.seed_case import ADVOCATE_SEED_WALK, SEED_FACTS, URGENT_STEP


@pytest.fixture
def chat(runner: Runner) -> RunnerChat:
    """A fresh English conversation."""
    return RunnerChat(runner)


def test_start_shows_one_first_screen_in_the_client_language(runner: Runner) -> None:
    """A Dutch-speaking client is greeted in Dutch on one screen: what the guide does, what
    it stores, then who they are, with urgent help and the ways out."""
    state, view = runner.handle(None, Start("nl-BE"))
    assert state.lang == "nl"
    assert state.node == "role"
    t = get_translator("nl")
    text = view.plain_text()
    assert text.startswith("Deze gids helpt als een buitenlandse staat")
    assert "/forget" in text
    assert text.endswith(t.gettext("Who are you?"))
    labels = (PERSON, ADVOCATE, WHY, URGENT_HELP, ERASE, QUICK_EXIT)
    assert [b.label for b in view.buttons] == [t.gettext(label) for label in labels]


def test_the_privacy_notice_is_read_and_agreed_to_before_any_answer(chat: RunnerChat) -> None:
    """The first screen says what is stored and how to erase it, and that choosing an
    answer is agreeing; the role chosen is the consent, before any other question."""
    assert "never your name or your messages" in chat.text
    assert "/forget" in chat.text
    assert "not legal advice" in chat.text
    assert "Choosing an answer below means you agree." in chat.text
    assert ERASE in chat.labels
    assert QUICK_EXIT in chat.labels
    assert not chat.state.consented
    assert chat.state.answers == {}, "nothing answered is recorded before the consent"
    chat.press(PERSON)
    assert chat.state.consented
    assert chat.state.answers == {"role": "person"}
    assert chat.text.startswith("Is one of these happening now")


def test_person_path_asks_one_plain_question_at_a_time_with_i_dont_know(chat: RunnerChat) -> None:
    """Every legal question offers "I don't know" and a "Why do we ask?" button."""
    chat.begin(PERSON)
    chat.press(NO)  # not detained
    seen = 0
    while chat.state.node != "result":
        assert DONT_KNOW in chat.labels, chat.text
        assert WHY in chat.labels
        chat.press(DONT_KNOW)
        seen += 1
    assert seen >= 15, "with nothing known, every question stays relevant"


def test_mla_only_case_skips_interpol_and_extradition_questions(chat: RunnerChat) -> None:
    """Questions that cannot matter for a mutual-assistance request are not asked."""
    chat.begin(PERSON)
    chat.press_all(NO, MLA)
    asked = []
    while chat.state.node != "result":
        asked.append(chat.state.node)
        chat.press(DONT_KNOW)
    assert "executed" in asked
    assert "officials" in asked
    for skipped in ("notice_kind", "confirmed", "torture", "trial", "judged", "travel"):
        assert skipped not in asked


def test_belgian_national_is_not_asked_about_protection(chat: RunnerChat) -> None:
    """Once someone says they are Belgian, no protection question follows."""
    chat.begin(PERSON)
    chat.press_all(NO, INTERPOL, FLED_STATE, "Belgian citizen")
    assert chat.state.node == "political"


def test_why_explains_in_two_lines_and_keeps_the_question(chat: RunnerChat) -> None:
    """'Why do we ask?' redraws the same question with the reason, then the button goes."""
    view = chat.press(WHY)
    assert view.replace
    assert "legal citations" in chat.text
    assert WHY not in chat.labels


def test_back_undoes_the_last_answer(chat: RunnerChat) -> None:
    """Back returns to the previous question and forgets the answer given there."""
    chat.begin(PERSON)
    chat.press_all(NO, MLA)
    assert chat.state.answers["request_kinds"] == "mla"
    chat.press(BACK)
    assert chat.state.node == "kinds"
    assert "request_kinds" not in chat.state.answers


def test_back_into_the_other_flow_returns_to_the_role(chat: RunnerChat) -> None:
    """From the first question of a role's path, back leads to the role question."""
    chat.begin(ADVOCATE)
    chat.press(BACK)
    assert chat.state.node == "role"
    assert "role" not in chat.state.answers


def test_seed_case_as_advocate_in_at_most_ten_taps(chat: RunnerChat) -> None:
    """A refugee recognised against the requesting state, home searched with its officials
    present, material seized: the advocate reaches the assessment in at most ten taps from
    the first screen, the role included, and the answers are exactly the seed facts
    (ticking the seized material records an executed seizure too)."""
    chat.begin(ADVOCATE)
    chat.press_all(*ADVOCATE_SEED_WALK)
    assert chat.state.node == "a_result"
    assert chat.taps <= 10, f"{chat.taps} taps from the first screen"
    kb = chat.runner.kb
    assert session_facts(kb, chat.state.answers) == parse_facts(kb, SEED_FACTS)
    text = chat.text
    assert "● Foreign officials in Belgium — ETS 30, " in text
    assert "Art. 4 [C]" in text


def test_an_implied_tick_shows_when_the_checklist_comes_back(chat: RunnerChat) -> None:
    """Changing the assistance checklist from the review after ticking the seized
    material: the executed seizure it implies is ticked on screen, as the review lists it."""
    chat.begin(ADVOCATE)
    chat.press_all(ADVOCATE_MLA, ADVOCATE_REFUGEE, DONE)
    chat.press_all(SEIZED_MATERIAL, DONE, UNKNOWN)
    review = chat.press(REVIEW).plain_text()
    assert "Seizure or freezing; Measure already executed; Seized material" in review
    chat.press("✎ Execution of the MLA request")
    assert chat.state.node == "a_mla"
    assert "☑ Seizure or freezing" in chat.labels
    assert "☑ Measure already executed" in chat.labels
    assert "☑ Seized material on clients or sources" in chat.labels


def test_checklist_ticks_toggle_in_place(chat: RunnerChat) -> None:
    """Ticking redraws the same message with the box ticked; ticking again unticks."""
    chat.begin(ADVOCATE)
    chat.press_all(ADVOCATE_MLA, UNKNOWN)
    view = chat.press(FISCAL_ONLY)
    assert view.replace
    assert "☑ Fiscal offences only" in chat.labels
    chat.press("☑ Fiscal offences only")
    assert FISCAL_ONLY in chat.labels
    chat.press(DONE)
    assert "charges_fiscal_only" not in chat.state.answers, "unticked stays unknown"


def test_review_lists_answers_and_changing_one_asks_only_what_depends_on_it(
    chat: RunnerChat,
) -> None:
    """Changing the request kind from assistance to Interpol asks the Interpol questions
    only, drops the assistance answers and keeps the rest."""
    chat.begin(PERSON)
    chat.press_all(NO, MLA, FLED_STATE, REFUGEE, YES)
    while chat.state.node != "result":
        chat.press(YES if YES in chat.labels else DONT_KNOW)
    chat.press(REVIEW)
    assert "Kind of request: Help its case" in chat.text
    chat.press(CHANGE_KIND)
    assert chat.state.node == "kinds"
    chat.press(INTERPOL)
    asked = []
    while chat.state.node != "result":
        asked.append(chat.state.node)
        chat.press(DONT_KNOW)
    assert asked == ["notice_kind", "confirmed", "travel"]
    assert "measure_already_executed" not in chat.state.answers
    assert chat.state.answers["protection_status"] == "refugee"


def test_urgent_path_from_the_first_screen(chat: RunnerChat) -> None:
    """Someone in danger gets the urgent actions before any question, then comes back to
    the first screen (consent and role) without the advice again, and is not asked the
    urgent question."""
    chat.press(URGENT_HELP)
    assert "lawyer" in chat.text.lower()
    assert chat.state.node == "urgent"
    assert URGENT_STEP in chat.text
    chat.press(CONTINUE_QUESTIONS)
    assert chat.state.node == "role", "on to the questions, consent first"
    assert "Choosing an answer below means you agree." in chat.text
    assert URGENT_STEP not in chat.text, "the advice is not shown twice"
    chat.press(PERSON)
    assert chat.state.node == "kinds"


def test_urgent_path_from_help_returns_to_the_question(chat: RunnerChat) -> None:
    """/help offers urgent help; after reading it the person is back where they were."""
    chat.begin(PERSON)
    chat.press(NO)
    chat.send(Help())
    chat.press(URGENT_HELP)
    assert chat.state.node == "urgent"
    chat.press(CONTINUE_QUESTIONS)
    assert chat.state.node == "kinds"


def test_case_note_is_made_on_request_in_the_chosen_language(chat: RunnerChat) -> None:
    """The note holds answers, grounds with citations and tags, review date, disclaimer."""
    chat.begin(ADVOCATE)
    chat.press_all(ADVOCATE_EXTRADITION, ADVOCATE_REFUGEE, DONE, UNKNOWN, DONE)
    before = chat.state
    view = chat.press(CASE_NOTE)
    assert chat.state == before, "the note changes nothing and is not stored"
    assert view.document is not None
    note = view.document.content.decode("utf-8")
    assert (
        "- Protection status of the person in Belgium:\n  → Refugee, recognised vs requesting state"
    ) in note, "each answer under its question as it was asked"
    assert "[C" in note
    assert "Art." in note
    assert "Legal content last reviewed" in note
    assert "not legal advice" in note
    french = chat.press(CASE_NOTE_FR)
    assert french.document is not None
    assert french.document.filename.endswith("-fr.txt")


def test_erase_and_quick_exit_ask_the_channel_to_delete(chat: RunnerChat) -> None:
    """The first screen's buttons erase the session; quick exit leaves a neutral line."""
    assert chat.press(ERASE).erase
    chat = RunnerChat(chat.runner)
    view = chat.press(QUICK_EXIT)
    assert view.quick_exit
    assert view.plain_text() == "Done."


def test_a_button_from_an_earlier_question_changes_nothing(runner: Runner) -> None:
    """Pressing an old button shows a note and the current question, state unchanged."""
    state, first = runner.handle(None, Start("en"))
    state, view = runner.handle(state, Press(first.buttons[0].data))
    again, stale = runner.handle(state, Press(first.buttons[0].data))
    assert again == state
    assert "earlier question" in stale.plain_text()
    assert stale.buttons == view.buttons


@pytest.mark.parametrize(
    "forged",
    [
        Callback(999, Verb.OPTION, index=7).pack(),
        Callback(1, Verb.EDIT, index=99).pack(),
        Callback(1, Verb.NOTE, lang="de").pack(),
        Callback(0, Verb.LANGUAGE, lang="xx").pack(),
        "junk",
    ],
)
def test_forged_button_data_changes_nothing(runner: Runner, forged: str) -> None:
    """Callback data the guide never made is answered with the current screen."""
    state, _ = runner.handle(None, Start("en"))
    again, view = runner.handle(state, Press(forged))
    assert again == state
    assert view.buttons


def test_restart_keeps_only_the_language(runner: Runner) -> None:
    """Starting over forgets the answers but not the language chosen."""
    chat = RunnerChat(runner, "fr")
    chat.press(chat.labels[0])
    chat.press(chat.labels[0])
    chat.press(chat.labels[0])
    assert chat.state.answers
    chat.send(Start())
    assert chat.state.answers == {}
    assert chat.state.node == "role"
    assert chat.state.lang == "fr"


def test_typed_text_is_neither_kept_nor_answered_as_a_choice(runner: Runner) -> None:
    """Typing points to the buttons and leaves the session as it was."""
    state, _ = runner.handle(None, Start("en"))
    again, view = runner.handle(state, TextInput())
    assert again == state
    assert "buttons" in view.plain_text()


def test_language_picker_names_each_language_in_itself(chat: RunnerChat) -> None:
    """The picker shows English, Français, Nederlands, Русский; choosing one switches."""
    chat.send(ChooseLanguage())
    assert chat.labels == [ENGLISH, FRENCH, DUTCH, RUSSIAN, QUICK_EXIT]
    chat.press(RUSSIAN)
    assert chat.state.lang == "ru"


def test_help_lists_commands_then_the_current_screen(chat: RunnerChat) -> None:
    """Help explains /forget and keeps the current buttons, with urgent help on top of a
    question; the first screen, which offers urgent help already, does not offer it twice."""
    first = chat.labels
    chat.send(Help())
    assert "/forget" in chat.text
    assert chat.labels == first
    assert chat.labels.count(URGENT_HELP) == 1
    chat.begin(PERSON)
    buttons = chat.labels
    chat.send(Help())
    assert chat.labels == [URGENT_HELP, *buttons]


def test_back_at_the_start_is_harmless(runner: Runner) -> None:
    """Back with nothing to undo shows the current screen."""
    state, _ = runner.handle(None, Start("en"))
    again, same = runner.handle(state, Back())
    assert again == state
    assert same == runner.handle(state, Current())[1]


def test_an_event_without_a_session_starts_one(runner: Runner) -> None:
    """A press after the session was erased or expired starts again and says so."""
    state, view = runner.handle(None, Press(Callback(3, Verb.OPTION, index=1).pack()))
    assert state.node == "role"
    assert "start again" in view.plain_text()


def test_help_without_a_session_starts_one_in_the_client_language(runner: Runner) -> None:
    """/help as the very first message explains the commands, in the client's language."""
    state, view = runner.handle(None, Help(), client_lang="en-US")
    assert state.node == "role"
    assert "/forget" in view.plain_text()
    assert "earlier session" not in view.plain_text()


def test_forget_erases_from_anywhere(chat: RunnerChat) -> None:
    """/forget asks the channel to delete the session and says so in the reader's language."""
    chat.begin(PERSON)
    view = chat.send(Forget())
    assert view.erase
    assert "erased" in view.plain_text()


def test_changing_back_and_forth_asks_again_what_was_dropped(chat: RunnerChat) -> None:
    """Assistance -> Interpol drops the assistance answers; going back to assistance asks
    those questions again instead of leaving them silently unknown."""
    chat.begin(PERSON)
    chat.press_all(NO, MLA)
    while chat.state.node != "result":
        chat.press(YES if YES in chat.labels else DONT_KNOW)
    for kind in ("Find me through INTERPOL", "Help its case"):
        chat.press(REVIEW)
        chat.press(CHANGE_KIND)
        chat.press(kind)
        asked = []
        while chat.state.node != "result":
            asked.append(chat.state.node)
            chat.press(YES if YES in chat.labels else DONT_KNOW)
    assert "executed" in asked
    assert "officials" in asked
    assert chat.state.answers["measure_already_executed"] == "yes"


def test_review_leaves_out_answers_that_no_longer_apply(chat: RunnerChat) -> None:
    """After switching to Interpol, the review and the case note no longer list the
    assistance answers as "I don't know"."""
    chat.begin(PERSON)
    chat.press_all(NO, MLA)
    while chat.state.node != "result":
        chat.press(YES if YES in chat.labels else DONT_KNOW)
    chat.press(REVIEW)
    chat.press(CHANGE_KIND)
    chat.press(INTERPOL)
    while chat.state.node != "result":
        chat.press(DONT_KNOW)
    review = chat.press(REVIEW).plain_text()
    assert "Already carried out" not in review
    assert "Kind of request: Find me through INTERPOL" in review
    chat.press(KEEP_ANSWERS)
    note = chat.press(CASE_NOTE).document
    assert note is not None
    assert "Already carried out" not in note.content.decode("utf-8")


def test_a_checklist_with_nothing_ticked_is_not_asked_again(chat: RunnerChat) -> None:
    """An advocate who ticked nothing is not asked the checklist again after a change."""
    chat.begin(ADVOCATE)
    chat.press_all(ADVOCATE_MLA, UNKNOWN, DONE, DONE, UNKNOWN)
    chat.press(REVIEW)
    chat.press(CHANGE_STATUS)
    chat.press(BELGIAN_NATIONAL)
    assert chat.state.node == "a_result"


def test_a_redelivered_quick_exit_stays_quiet(runner: Runner) -> None:
    """Quick exit pressed again after the session is gone posts no welcome into the chat."""
    chat = RunnerChat(runner)
    quick = next(b for b in chat.view.buttons if b.label == QUICK_EXIT)
    _, view = runner.handle(None, Press(quick.data))
    assert view.quick_exit
    assert view.plain_text() == "Done."


def test_a_session_from_older_flows_starts_again(runner: Runner) -> None:
    """A stored session pointing at a screen that no longer exists restarts with a note."""
    state, _ = runner.handle(None, Start("en"))
    old = state.model_copy(update={"node": "removed_question"})
    again, view = runner.handle(old, Press(Callback(old.step, Verb.OPTION, index=0).pack()))
    assert again.node == "role"
    assert "start again" in view.plain_text()


def test_review_keeps_the_order_of_the_questions(chat: RunnerChat) -> None:
    """A changed answer stays in its place on the review screen."""
    chat.begin(PERSON)
    chat.press_all(NO, MLA)
    while chat.state.node != "result":
        chat.press(DONT_KNOW)
    chat.press(REVIEW)
    chat.press(CHANGE_URGENT)
    chat.press(NO)
    chat.press(REVIEW)
    lines = [line for line in chat.text.splitlines() if line.startswith("• ")]
    assert lines[1].startswith("• Urgent situation")


def test_every_button_of_the_first_screens_is_translated(runner: Runner) -> None:
    """A French reader sees no English button on the first screen and the first question."""
    english = RunnerChat(runner, "en")
    french = RunnerChat(runner, "fr")
    for _ in range(2):
        for mine, theirs in zip(french.labels, english.labels, strict=True):
            assert mine != theirs
        english.press(english.labels[0])
        french.press(french.labels[0])
