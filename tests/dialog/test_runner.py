"""The pure runner walks a person through the main flow, with back, restart and why."""

from __future__ import annotations

from bot.dialog.events import Back, ChooseLanguage, Current, Help, Press, Restart, Start, TextInput
from bot.dialog.runner import Runner
from bot.dialog.state import SessionState
from bot.dialog.view import View


def press(runner: Runner, state: SessionState, view: View, label: str) -> tuple[SessionState, View]:
    """Press the button whose label is ``label`` on ``view``."""
    matches = [b for b in view.buttons if b.label == label]
    assert matches, f"no button {label!r}; have {[b.label for b in view.buttons]}"
    return runner.handle(state, Press(matches[0].data))


def test_start_shows_the_welcome_in_the_client_language(runner: Runner) -> None:
    """A Dutch-speaking client is greeted in Dutch and asked to continue."""
    state, view = runner.handle(None, Start("nl-BE"))
    assert state.lang == "nl"
    assert state.node == "welcome"
    assert len(view.buttons) == 1


def test_walk_to_the_result(runner: Runner) -> None:
    """Answering every question reaches the result, which cites grounds and the disclaimer."""
    state, view = runner.handle(None, Start("en"))
    state, view = press(runner, state, view, "Continue")
    assert view.echo == "Continue"
    state, view = press(runner, state, view, "I help someone (lawyer, NGO, social worker)")
    state, view = press(runner, state, view, "Extradition: to hand the person over")
    state, view = press(runner, state, view, "Recognised refugee")
    assert state.node == "result"
    text = view.plain_text()
    assert "Art." in text
    assert "legal information, not legal advice" in text
    assert state.answers["role"] == "advocate"


def test_back_undoes_the_last_answer(runner: Runner) -> None:
    """Back returns to the previous question and forgets the answer given there."""
    state, view = runner.handle(None, Start("en"))
    state, view = press(runner, state, view, "Continue")
    state, view = press(runner, state, view, "The request is about me or my family")
    assert "role" in state.answers
    state, view = press(runner, state, view, "Back")
    assert state.node == "role"
    assert "role" not in state.answers


def test_a_button_from_an_earlier_question_changes_nothing(runner: Runner) -> None:
    """Pressing an old button shows a note and the current question, state unchanged."""
    state, first = runner.handle(None, Start("en"))
    state, view = press(runner, state, first, "Continue")
    again, stale = runner.handle(state, Press(first.buttons[0].data))
    assert again == state
    assert "earlier question" in stale.plain_text()
    assert stale.buttons == view.buttons


def test_forged_button_data_changes_nothing(runner: Runner) -> None:
    """Callback data the guide never made is answered with the current screen."""
    state, _ = runner.handle(None, Start("en"))
    again, view = runner.handle(state, Press("999:o:7"))
    assert again == state
    assert view.buttons


def test_why_explains_and_keeps_the_question(runner: Runner) -> None:
    """'Why do we ask?' redraws the same question with the reason, and the button goes away."""
    state, view = runner.handle(None, Start("en"))
    state, view = press(runner, state, view, "Continue")
    state, why = press(runner, state, view, "Why do we ask?")
    assert why.replace
    assert "legal citations" in why.plain_text()
    assert "Why do we ask?" not in [b.label for b in why.buttons]


def test_restart_keeps_only_the_language(runner: Runner) -> None:
    """Starting over forgets the answers but not the language chosen."""
    state, view = runner.handle(None, Start("fr"))
    state, view = press(runner, state, view, view.buttons[0].label)
    state, view = runner.handle(state, Press(view.buttons[0].data))
    assert state.answers
    state, view = runner.handle(state, Restart())
    assert state.answers == {}
    assert state.node == "welcome"
    assert state.lang == "fr"


def test_typed_text_is_neither_kept_nor_answered_as_a_choice(runner: Runner) -> None:
    """Typing points to the buttons and leaves the session as it was."""
    state, _ = runner.handle(None, Start("en"))
    again, view = runner.handle(state, TextInput())
    assert again == state
    assert "buttons" in view.plain_text()


def test_language_picker_names_each_language_in_itself(runner: Runner) -> None:
    """The picker shows English, Français, Nederlands, Русский; choosing one switches."""
    state, _ = runner.handle(None, Start("en"))
    state, picker = runner.handle(state, ChooseLanguage())
    assert [b.label for b in picker.buttons] == ["English", "Français", "Nederlands", "Русский"]
    state, _ = press(runner, state, picker, "Русский")
    assert state.lang == "ru"


def test_help_lists_commands_then_the_current_screen(runner: Runner) -> None:
    """Help explains /forget and keeps the current buttons."""
    state, view = runner.handle(None, Start("en"))
    _, helped = runner.handle(state, Help())
    assert "/forget" in helped.plain_text()
    assert helped.buttons == view.buttons


def test_back_at_the_start_is_harmless(runner: Runner) -> None:
    """Back with nothing to undo shows the current screen."""
    state, _view = runner.handle(None, Start("en"))
    again, same = runner.handle(state, Back())
    assert again == state
    assert same == runner.handle(state, Current())[1]


def test_an_event_without_a_session_starts_one(runner: Runner) -> None:
    """A press after the session was erased or expired starts again and says so."""
    state, view = runner.handle(None, Press("3:o:1"))
    assert state.node == "welcome"
    assert "started again" in view.plain_text() or "start again" in view.plain_text()


def test_help_without_a_session_starts_one_in_the_client_language(runner: Runner) -> None:
    """/help as the very first message explains the commands, in the client's language."""
    state, view = runner.handle(None, Help(), client_lang="en-US")
    assert state.node == "welcome"
    assert "/forget" in view.plain_text()
    assert "earlier session" not in view.plain_text()
