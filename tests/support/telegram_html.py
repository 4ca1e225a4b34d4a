"""Telegram's HTML parse mode, re-implemented for the Bot API emulator.

The parser follows the algorithm of TDLib's ``parse_html`` (the code behind
``parse_mode=HTML`` on Telegram's servers): it walks the UTF-8 bytes of the
text, so error positions are *byte* offsets, and it produces the plain text
plus Bot API ``MessageEntity`` dicts whose offsets and lengths are counted in
UTF-16 code units, as Telegram counts them.

Supported tags: ``b strong i em u ins s strike del tg-spoiler``,
``span class="tg-spoiler"``, ``a href``, ``code`` (``class="language-x"``),
``pre``, ``blockquote`` (optional ``expandable``) and ``tg-emoji emoji-id``.
Supported entities: ``&lt; &gt; &amp; &quot;`` and numeric ``&#NN;`` /
``&#xHH;``.

One deliberate difference: TDLib keeps a bare ``&`` that does not start a
valid entity as a literal character, while the Bot API documentation demands
that every ``&`` outside an entity be escaped. With ``strict_ampersand=True``
(the emulator's default) a bare ``&`` - or an entity without its closing
``;`` - is rejected, so the bot follows the documented contract.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

__all__ = ["HtmlParseError", "parse_html", "strip_text", "utf16_len"]

SUPPORTED_TAGS = frozenset(
    {
        "a",
        "b",
        "strong",
        "i",
        "em",
        "s",
        "strike",
        "del",
        "u",
        "ins",
        "tg-spoiler",
        "tg-emoji",
        "span",
        "pre",
        "code",
        "blockquote",
    }
)

_NAMED_ENTITIES = {b"lt": "<", b"gt": ">", b"amp": "&", b"quot": '"'}
_SPACES = frozenset(b" \t\r\n\f\v")


class HtmlParseError(ValueError):
    """The text is not valid Telegram HTML; ``str(error)`` is TDLib's wording."""


def utf16_len(text: str) -> int:
    """Length of ``text`` in UTF-16 code units, the unit Telegram counts in."""
    return len(text.encode("utf-16-le")) // 2


@dataclass
class _OpenTag:
    name: str
    argument: str
    utf16_offset: int
    byte_offset: int


def _decode_entity(data: bytes, pos: int, *, strict: bool) -> tuple[str, int] | None:
    """Decode the HTML entity at ``data[pos]`` (an ``&``); return (char, next pos)."""
    end = pos + 1
    size = len(data)
    code = 0
    if end < size and data[end] == ord("#"):
        end += 1
        if end < size and data[end] in b"xX":
            end += 1
            start = end
            while end < size and chr(data[end]) in "0123456789abcdefABCDEF":
                code = code * 16 + int(chr(data[end]), 16)
                end += 1
                if code >= 0x10FFFF:
                    return None
        else:
            start = end
            while end < size and ord("0") <= data[end] <= ord("9"):
                code = code * 10 + data[end] - ord("0")
                end += 1
                if code >= 0x10FFFF:
                    return None
        if end == start or code == 0 or 0xD800 <= code <= 0xDFFF:
            return None
        char = chr(code)
    else:
        while end < size and chr(data[end]).isascii() and chr(data[end]).isalpha():
            end += 1
        named = _NAMED_ENTITIES.get(data[pos + 1 : end])
        if named is None:
            return None
        char = named
    if end < size and data[end] == ord(";"):
        return char, end + 1
    if strict:
        return None
    return char, end


def _is_space(data: bytes, i: int) -> bool:
    return i < len(data) and data[i] in _SPACES


def _at(data: bytes, i: int) -> int:
    """The byte at ``i``, or 0 past the end (TDLib's texts are NUL-terminated)."""
    return data[i] if i < len(data) else 0


def parse_html(text: str, *, strict_ampersand: bool = True) -> tuple[str, list[dict[str, Any]]]:
    """Parse Telegram HTML into (plain text, entities) or raise :class:`HtmlParseError`."""
    data = text.encode("utf-8")
    size = len(data)
    result = bytearray()
    utf16_offset = 0
    open_tags: list[_OpenTag] = []
    entities: list[dict[str, Any]] = []
    i = 0
    while i < size:
        c = data[i]
        if c == ord("&"):
            decoded = _decode_entity(data, i, strict=strict_ampersand)
            if decoded is not None:
                char, i = decoded
                result += char.encode("utf-8")
                utf16_offset += utf16_len(char)
                continue
            if strict_ampersand:
                raise HtmlParseError(
                    f'Character "&" at byte offset {i} must be escaped as "&amp;" '
                    "(the Bot API requires it outside of an HTML entity)"
                )
        if c != ord("<"):
            result.append(c)
            if c & 0xC0 != 0x80:  # first byte of a UTF-8 sequence
                utf16_offset += 2 if c >= 0xF0 else 1
            i += 1
            continue

        begin = i
        i += 1
        if _at(data, i) != ord("/"):
            while i < size and not _is_space(data, i) and data[i] != ord(">"):
                i += 1
            if i >= size:
                raise HtmlParseError(f"Unclosed start tag at byte offset {begin}")
            tag_name = data[begin + 1 : i].decode("utf-8", "replace").lower()
            if tag_name not in SUPPORTED_TAGS:
                raise HtmlParseError(f'Unsupported start tag "{tag_name}" at byte offset {begin}')
            argument = ""
            while _at(data, i) != ord(">"):
                while _is_space(data, i):
                    i += 1
                if _at(data, i) == ord(">"):
                    break
                if i >= size:
                    raise HtmlParseError(f'Unclosed start tag "{tag_name}" at byte offset {begin}')
                attr_begin = i
                while i < size and not _is_space(data, i) and data[i] not in b"=>":
                    i += 1
                attribute = data[attr_begin:i].decode("utf-8", "replace")
                if not attribute:
                    raise HtmlParseError(
                        f'Empty attribute name in the tag "{tag_name}" at byte offset {begin}'
                    )
                while _is_space(data, i):
                    i += 1
                if _at(data, i) != ord("="):
                    if tag_name == "blockquote" and attribute == "expandable":
                        argument = "1"  # the one attribute Telegram accepts without a value
                        continue
                    raise HtmlParseError(
                        "Expected equal sign in declaration of an attribute of the tag "
                        f'"{tag_name}" at byte offset {begin}'
                    )
                i += 1
                while _is_space(data, i):
                    i += 1
                if i >= size:
                    raise HtmlParseError(f'Unclosed start tag "{tag_name}" at byte offset {begin}')
                value: str
                if data[i] not in b"'\"":
                    token_begin = i
                    while i < size and (chr(data[i]).isalnum() or data[i] in b".-"):
                        i += 1
                    value = data[token_begin:i].decode("ascii", "replace").lower()
                    if not _is_space(data, i) and _at(data, i) != ord(">"):
                        raise HtmlParseError(
                            f"Unexpected end of name token at byte offset {token_begin}"
                        )
                else:
                    quote = data[i]
                    i += 1
                    raw = bytearray()
                    while i < size and data[i] != quote:
                        if data[i] == ord("&"):
                            decoded = _decode_entity(data, i, strict=False)
                            if decoded is not None:
                                raw += decoded[0].encode("utf-8")
                                i = decoded[1]
                                continue
                        raw.append(data[i])
                        i += 1
                    if i < size:
                        i += 1
                    value = raw.decode("utf-8", "replace")
                if i >= size:
                    raise HtmlParseError(f"Unclosed start tag at byte offset {begin}")
                if tag_name == "a" and attribute == "href":
                    argument = value
                elif tag_name == "code" and attribute == "class" and value.startswith("language-"):
                    argument = value[len("language-") :]
                elif tag_name == "span" and attribute == "class" and value.startswith("tg-"):
                    argument = value[len("tg-") :]
                elif tag_name == "tg-emoji" and attribute == "emoji-id":
                    argument = value
                elif tag_name == "blockquote" and attribute == "expandable":
                    argument = "1"
            if tag_name == "span" and argument != "spoiler":
                raise HtmlParseError(
                    f'Tag "span" must have class "tg-spoiler" at byte offset {begin}'
                )
            open_tags.append(_OpenTag(tag_name, argument, utf16_offset, len(result)))
            i += 1  # skip '>'
            continue

        # An end tag.
        if not open_tags:
            raise HtmlParseError(f"Unexpected end tag at byte offset {begin}")
        i += 1  # skip '/'
        name_begin = i
        while i < size and not _is_space(data, i) and data[i] != ord(">"):
            i += 1
        end_name = data[name_begin:i].decode("utf-8", "replace").lower()
        while _is_space(data, i):
            i += 1
        if _at(data, i) != ord(">"):
            raise HtmlParseError(f"Unclosed end tag at byte offset {begin}")
        i += 1
        tag = open_tags.pop()
        if end_name and end_name != tag.name:
            raise HtmlParseError(
                f'Unmatched end tag at byte offset {begin}, expected "</{tag.name}>", '
                f'found "</{end_name}>"'
            )
        length = utf16_offset - tag.utf16_offset
        if length == 0:
            continue
        entity = _make_entity(tag, length, bytes(result[tag.byte_offset :]), entities)
        if entity is not None:
            entities.append(entity)
    if open_tags:
        raise HtmlParseError(
            f'Can\'t find end tag corresponding to start tag "{open_tags[-1].name}"'
        )
    entities.sort(key=lambda e: (e["offset"], -e["length"]))
    return result.decode("utf-8"), entities


def _make_entity(
    tag: _OpenTag, length: int, inner: bytes, entities: list[dict[str, Any]]
) -> dict[str, Any] | None:
    base: dict[str, Any] = {"offset": tag.utf16_offset, "length": length}
    simple = {
        "b": "bold",
        "strong": "bold",
        "i": "italic",
        "em": "italic",
        "s": "strikethrough",
        "strike": "strikethrough",
        "del": "strikethrough",
        "u": "underline",
        "ins": "underline",
        "tg-spoiler": "spoiler",
        "span": "spoiler",
    }
    if tag.name in simple:
        return {"type": simple[tag.name], **base}
    if tag.name == "tg-emoji":
        if not tag.argument.isdigit() or int(tag.argument) == 0:
            raise HtmlParseError("Invalid custom emoji identifier specified")
        return {"type": "custom_emoji", **base, "custom_emoji_id": tag.argument}
    if tag.name == "a":
        url = tag.argument or inner.decode("utf-8")
        if url.startswith("tg://user?id="):
            user_id = url[len("tg://user?id=") :]
            if user_id.isdigit():
                return {
                    "type": "text_mention",
                    **base,
                    "user": {"id": int(user_id), "is_bot": False, "first_name": ""},
                }
        return {"type": "text_link", **base, "url": url}
    previous = entities[-1] if entities else None
    same_span = (
        previous is not None
        and previous["offset"] == tag.utf16_offset
        and previous["length"] == length
    )
    if tag.name == "pre":
        if same_span and previous is not None and previous["type"] == "code":
            language = previous.pop("language", None)
            entities.pop()
            entity = {"type": "pre", **base}
            if language:
                entity["language"] = language
            return entity
        return {"type": "pre", **base}
    if tag.name == "code":
        if same_span and previous is not None and previous["type"] == "pre" and tag.argument:
            previous["language"] = tag.argument
            return None
        entity = {"type": "code", **base}
        if tag.argument:
            entity["language"] = tag.argument  # kept only if a <pre> wraps it
        return entity
    if tag.name == "blockquote":
        kind = "expandable_blockquote" if tag.argument else "blockquote"
        return {"type": kind, **base}
    raise AssertionError(f"unhandled tag {tag.name}")  # pragma: no cover


def strip_text(text: str, entities: list[dict[str, Any]]) -> tuple[str, list[dict[str, Any]]]:
    """Trim surrounding whitespace as Telegram does, keeping entities aligned."""
    stripped = text.strip()
    if stripped == text:
        return text, [_finish(e) for e in entities]
    lead = utf16_len(text[: len(text) - len(text.lstrip())])
    new_len = utf16_len(stripped)
    out: list[dict[str, Any]] = []
    for entity in entities:
        start = max(entity["offset"] - lead, 0)
        end = min(entity["offset"] + entity["length"] - lead, new_len)
        if end > start:
            out.append(_finish({**entity, "offset": start, "length": end - start}))
    return stripped, out


def _finish(entity: dict[str, Any]) -> dict[str, Any]:
    """Drop the internal ``language`` hint from a bare ``code`` entity."""
    if entity.get("type") == "code":
        return {k: v for k, v in entity.items() if k != "language"}
    return dict(entity)
