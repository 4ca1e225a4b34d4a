"""Long results are split into messages Telegram accepts, with tags balanced in each."""

from __future__ import annotations

from bot.channels.render_html import MAX_MESSAGE, split_messages, visible_length
from bot.dialog.view import Paragraph
from tests.support.telegram_html import parse_html


def test_text_is_escaped_and_styled() -> None:
    """A '<' or '&' in a translation cannot break Telegram's HTML parser."""
    [message] = split_messages((Paragraph("A < B & C", "title"), Paragraph("note", "note")))
    assert message == "<b>A &lt; B &amp; C</b>\n\n<i>note</i>"


def test_long_views_split_at_paragraphs_within_the_limit() -> None:
    """Sixty long paragraphs become several messages, none over the limit, none empty."""
    paragraphs = tuple(
        Paragraph(f"{i} " + "word " * 60, "title" if i % 5 == 0 else "plain") for i in range(60)
    )
    messages = split_messages(paragraphs)
    assert len(messages) > 1
    for message in messages:
        text, _entities = parse_html(message)
        assert 0 < visible_length(text) <= MAX_MESSAGE
    joined = "".join(messages)
    assert all(f"{i} word" in joined for i in range(60)), "nothing is lost"


def test_a_single_huge_paragraph_is_cut_at_words() -> None:
    """Even one paragraph longer than a message is delivered whole, in pieces."""
    huge = Paragraph("слово " * 2000)
    messages = split_messages((huge,))
    assert len(messages) >= 3
    assert sum(m.count("слово") for m in messages) == 2000
