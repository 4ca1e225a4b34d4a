"""Just enough HTTP/1.1 for the webhook server: one request at a time off a connection.

Telegram posts updates with ``Content-Length`` bodies over keep-alive connections; that,
and an answer that is a status, is all the webhook needs, so it is written here in a few
lines rather than adding a web framework for one route. Anything else (chunked bodies,
oversized heads or bodies, garbage) is :class:`WebhookRequestError` with a status, and the
connection is closed.
"""

from __future__ import annotations

import asyncio
import contextlib
from dataclasses import dataclass

from bot.errors import WebhookRequestError

MAX_HEAD = 16 * 1024
MAX_BODY = 1024 * 1024
READ_TIMEOUT = 30.0
"""A request must arrive whole within this; an idle keep-alive connection waits longer."""
IDLE_TIMEOUT = 120.0
LINGER_SECONDS = 5.0
LINGER_BYTES = 8 * MAX_BODY
"""After refusing a request, what is still read and dropped before closing (see linger)."""

REASONS = {
    200: "OK",
    400: "Bad Request",
    403: "Forbidden",
    404: "Not Found",
    405: "Method Not Allowed",
    413: "Content Too Large",
    431: "Request Header Fields Too Large",
    500: "Internal Server Error",
    503: "Service Unavailable",
}


@dataclass(frozen=True)
class Request:
    """One request: its method, its path without the query, its headers (names in lower
    case) and its body."""

    method: str
    path: str
    headers: dict[str, str]
    body: bytes


async def read_request(reader: asyncio.StreamReader) -> Request | None:
    """The next request on the connection; ``None`` when the client closed it."""
    try:
        head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), IDLE_TIMEOUT)
    except asyncio.IncompleteReadError as exc:
        if exc.partial.strip():
            raise WebhookRequestError(400) from None
        return None
    except asyncio.LimitOverrunError:
        raise WebhookRequestError(431) from None
    lines = head.decode("latin-1").split("\r\n")
    parts = lines[0].split(" ")
    if len(parts) != 3 or not parts[2].startswith("HTTP/1."):
        raise WebhookRequestError(400)
    headers: dict[str, str] = {}
    for line in lines[1:]:
        if line:
            name, sep, value = line.partition(":")
            if not sep:
                raise WebhookRequestError(400)
            headers[name.strip().lower()] = value.strip()
    if "transfer-encoding" in headers:
        raise WebhookRequestError(400)  # Telegram sends Content-Length; nothing else is accepted
    try:
        length = int(headers.get("content-length", "0"))
    except ValueError:
        raise WebhookRequestError(400) from None
    if length < 0:
        raise WebhookRequestError(400)
    if length > MAX_BODY:
        raise WebhookRequestError(413)
    body = await asyncio.wait_for(reader.readexactly(length), READ_TIMEOUT) if length else b""
    path = parts[1].split("?", 1)[0]
    return Request(parts[0], path, headers, body)


async def write(writer: asyncio.StreamWriter, status: int, *, close: bool) -> None:
    body = b'{"ok":true}' if status == 200 else b""
    head = (
        f"HTTP/1.1 {status} {REASONS.get(status, 'Error')}\r\n"
        "Content-Type: application/json\r\n"
        f"Content-Length: {len(body)}\r\n"
        f"Connection: {'close' if close else 'keep-alive'}\r\n\r\n"
    )
    writer.write(head.encode("ascii") + body)
    await writer.drain()


async def linger(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    """Read and drop what the client still sends, for a bounded time, before closing.

    Closing a socket with unread bytes in it makes the kernel reset the connection, and a
    client still sending a refused body (an update over MAX_BODY) then sees "connection
    reset" instead of our 413. As web servers do (nginx's lingering close), stop writing
    and swallow at most LINGER_BYTES for at most LINGER_SECONDS.
    """
    with contextlib.suppress(OSError, RuntimeError):
        if writer.can_write_eof():
            writer.write_eof()
    loop = asyncio.get_running_loop()
    deadline = loop.time() + LINGER_SECONDS
    left = LINGER_BYTES
    with contextlib.suppress(ConnectionError, TimeoutError):
        while left > 0:
            chunk = await asyncio.wait_for(
                reader.read(min(64 * 1024, left)), max(0.0, deadline - loop.time())
            )
            if not chunk:
                return
            left -= len(chunk)
