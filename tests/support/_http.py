"""Request-body parsing for the Bot API emulator (form, multipart and JSON).

python-telegram-bot sends every parameter as a string: scalars as their JSON
text (``"42"``, ``"true"``), nested values (``reply_markup``, ``entities``,
``allowed_updates``, ``commands``, ``scope``, ``message_ids``…) as JSON text.
A request without files is ``application/x-www-form-urlencoded``; a request
with files (``sendDocument``) is ``multipart/form-data``. Other clients may
send ``application/json`` bodies or query strings; all four are understood.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from email.message import EmailMessage
from typing import Any
from urllib.parse import parse_qsl, unquote

__all__ = ["BodyError", "UploadedFile", "parse_body"]


class BodyError(ValueError):
    """The body cannot be parsed at all."""


@dataclass(frozen=True)
class UploadedFile:
    """One file part of a multipart request."""

    field: str
    filename: str
    content_type: str
    content: bytes


def _header_params(value: str) -> tuple[str, dict[str, str]]:
    """Split ``form-data; name="x"; filename="y"`` into its value and parameters."""
    parts: list[str] = []
    current: list[str] = []
    quoted = False
    escaped = False
    for char in value:
        if escaped:
            current.append(char)
            escaped = False
        elif char == "\\" and quoted:
            current.append(char)
            escaped = True
        elif char == '"':
            quoted = not quoted
            current.append(char)
        elif char == ";" and not quoted:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    params: dict[str, str] = {}
    for raw in parts[1:]:
        key, sep, val = raw.strip().partition("=")
        if not sep:
            continue
        key = key.strip().lower()
        val = val.strip()
        if key.endswith("*"):  # RFC 5987: utf-8''percent-encoded
            _charset, _, encoded = val.partition("''")
            params[key[:-1]] = unquote(encoded, encoding="utf-8")
            continue
        if len(val) >= 2 and val[0] == val[-1] == '"':
            val = val[1:-1].replace('\\"', '"').replace("\\\\", "\\")
        # httpx (HTML5 form encoding) percent-escapes quotes and line breaks.
        params.setdefault(key, val.replace("%22", '"').replace("%0D", "\r").replace("%0A", "\n"))
    return parts[0].strip().lower(), params


def _boundary(content_type: str) -> bytes:
    message = EmailMessage()
    message["content-type"] = content_type
    boundary = message.get_param("boundary")
    if not isinstance(boundary, str) or not boundary:
        raise BodyError("multipart body without a boundary")
    return boundary.encode("latin-1")


def _parse_multipart(
    body: bytes, content_type: str
) -> tuple[dict[str, Any], dict[str, UploadedFile]]:
    delimiter = b"--" + _boundary(content_type)
    params: dict[str, Any] = {}
    files: dict[str, UploadedFile] = {}
    chunks = body.split(delimiter)
    if len(chunks) < 2:
        raise BodyError("multipart body without any part")
    for chunk in chunks[1:]:
        if chunk.startswith(b"--"):
            break
        if chunk.startswith(b"\r\n"):
            chunk = chunk[2:]
        if chunk.endswith(b"\r\n"):
            chunk = chunk[:-2]
        head, sep, content = chunk.partition(b"\r\n\r\n")
        if not sep:
            raise BodyError("multipart part without headers")
        headers: dict[str, str] = {}
        for line in head.decode("utf-8", "replace").split("\r\n"):
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        _disposition, disp = _header_params(headers.get("content-disposition", ""))
        field = disp.get("name")
        if field is None:
            raise BodyError("multipart part without a name")
        if "filename" in disp:
            files[field] = UploadedFile(
                field=field,
                filename=disp["filename"],
                content_type=headers.get("content-type", "application/octet-stream"),
                content=content,
            )
        else:
            params[field] = content.decode("utf-8")
    return params, files


def parse_body(
    body: bytes, content_type: str | None, query: str
) -> tuple[dict[str, Any], dict[str, UploadedFile]]:
    """Parse a Bot API request into (parameters, uploaded files by field name)."""
    params: dict[str, Any] = dict(parse_qsl(query, keep_blank_values=True))
    files: dict[str, UploadedFile] = {}
    kind = (content_type or "").split(";", 1)[0].strip().lower()
    if not body:
        return params, files
    if kind == "application/json":
        try:
            decoded = json.loads(body)
        except ValueError as exc:
            raise BodyError("request body is not valid JSON") from exc
        if not isinstance(decoded, dict):
            raise BodyError("JSON request body must be an object")
        params.update(decoded)
    elif kind == "multipart/form-data":
        more, files = _parse_multipart(body, content_type or "")
        params.update(more)
    elif kind in ("application/x-www-form-urlencoded", ""):
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise BodyError("form body is not UTF-8") from exc
        params.update(parse_qsl(text, keep_blank_values=True))
    else:
        raise BodyError(f"unsupported content type {kind!r}")
    return params, files


_ATTACH = re.compile(r"^attach://(?P<name>.+)$")


def attached_name(value: object) -> str | None:
    """The part name of an ``attach://name`` reference, else None."""
    if isinstance(value, str):
        match = _ATTACH.match(value)
        if match:
            return match.group("name")
    return None
