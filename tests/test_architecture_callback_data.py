"""No one-letter button verb is spelt out by hand outside ``bot/dialog/callback.py``.

The wire form (``<step>:<verb>[:<field>...]``, e.g. an option's ``o``) is the callback
module's business; everyone else, tests included, builds data with ``Callback(...).pack()``
or from ``Verb.X.value``, so a reader never decodes a letter and a changed letter cannot
leave a test pressing a button that no longer exists. This scans every string literal
(f-strings as written) in bot/ and tests/ for a step or a ``{...}`` followed by a verb's
letter and a separator.

The scan reads the syntax tree, not the token stream: from Python 3.12 on an f-string is no
longer one ``STRING`` token but ``FSTRING_START/MIDDLE/END`` pieces, so a token scan would
go blind to f-strings there. Each literal's source segment is matched as written, quotes
included, which reads the same on every version.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import bot
from bot.dialog.callback import SEPARATOR, Verb

ROOT = Path(bot.__file__).parent.parent
ALLOWED = {ROOT / "bot" / "dialog" / "callback.py", Path(__file__).resolve()}
"""The wire format's own module, and this test's examples of what the scan catches."""
LETTERS = "".join(verb.value for verb in Verb)
HAND_SPELT = re.compile(rf"[0-9}}]{SEPARATOR}[{LETTERS}](?=[{SEPARATOR}{{\"'])")


def hand_spelt(source: str) -> list[str]:
    """The string literals of ``source`` that spell a callback's verb by its letter."""
    tree = ast.parse(source)
    inner = {
        id(part)
        for node in ast.walk(tree)
        if isinstance(node, ast.JoinedStr)
        for part in ast.walk(node)
        if part is not node
    }
    literals = (
        ast.get_source_segment(source, node)
        for node in ast.walk(tree)
        if id(node) not in inner
        and (
            isinstance(node, ast.JoinedStr)
            or (isinstance(node, ast.Constant) and isinstance(node.value, str))
        )
    )
    return [text for text in literals if text and HAND_SPELT.search(text)]


def test_the_scan_finds_what_it_is_for() -> None:
    """Each form once written in the tests is caught; timestamps and ordinary text are not."""
    assert hand_spelt('x = "7:o:1"\ny = "0:q"\nz = f"{step}:o:0:extra"\nw = f"7:o:{i}"\n')
    assert len(hand_spelt('a = "7:o:1"\nb = "0:q"\nc = f"{step}:o:0:extra"\n')) == 3
    assert not hand_spelt(
        't = "12:30"\nu = "see: a note"\nv = "1:z"\nw = f"{step}:{Verb.OPTION.value}"\n'
    )


def test_no_verb_letter_is_spelt_out_by_hand() -> None:
    found = {
        str(path.relative_to(ROOT)): spelt
        for folder in ("bot", "tests")
        for path in sorted((ROOT / folder).rglob("*.py"))
        if path not in ALLOWED and (spelt := hand_spelt(path.read_text(encoding="utf-8")))
    }
    assert found == {}
