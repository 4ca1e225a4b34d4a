"""A tiny load balancer for tests: Telegram's posts to one URL, spread over bot processes.

It stands where nginx stands in ``docs/deploy.md``: the emulator posts every update to
it, and it passes each post on to one of the bot processes' webhook servers, with the
same path, body and secret header. Like nginx with ``proxy_next_upstream error timeout
non_idempotent``, a post that fails on one process (no connection, or the connection
dropped before an answer, as when the process was killed) is passed to the next; only
when every process failed does the emulator get a 502, and then it posts again later.

Which process first: the person's own (``chat id % number of processes``), so that each
process has its users and a test can tell that a dead process's users were served by
the other. nginx would go round-robin; the bot does not care, as the processes share the
database. Every post is recorded in ``routed`` (update id, chat id, which process, its
answer), for tests to read.
"""

from __future__ import annotations

import http.client
import json
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any, Self

__all__ = ["LoadBalancer", "Routed"]

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


@dataclass(frozen=True)
class Routed:
    """One post passed on: to which process (its index), and the answer (0: none)."""

    update_id: int | None
    chat_id: int | None
    backend: int
    status: int
    at: float


def _chat_of(body: bytes) -> tuple[int | None, int | None]:
    try:
        update = json.loads(body)
    except ValueError:
        return None, None
    if not isinstance(update, dict):
        return None, None
    chat: int | None = None
    for kind in ("message", "edited_message", "callback_query"):
        part = update.get(kind)
        if isinstance(part, dict):
            sender = part.get("from") or part.get("chat") or {}
            chat = sender.get("id") if isinstance(sender, dict) else None
    update_id = update.get("update_id")
    return (update_id if isinstance(update_id, int) else None), chat


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 1024

    def __init__(self, balancer: LoadBalancer) -> None:
        self.balancer = balancer
        super().__init__(("127.0.0.1", 0), _Handler)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        headers = {"Content-Type": self.headers.get("Content-Type", "application/json")}
        secret = self.headers.get(SECRET_HEADER)
        if secret is not None:
            headers[SECRET_HEADER] = secret
        status = self.server.balancer._forward(self.path, body, headers)
        self.send_response(status or 502)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        """No access log."""


class LoadBalancer:
    """Posts to ``url`` are passed on to the processes on ``ports`` of 127.0.0.1."""

    def __init__(self, ports: list[int], timeout: float = 60.0) -> None:
        self.ports = ports
        self.timeout = timeout
        self.routed: list[Routed] = []
        self._lock = threading.Lock()
        self._server = _Server(self)
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": 0.05},
            name="test-load-balancer",
            daemon=True,
        )

    @property
    def port(self) -> int:
        return int(self._server.server_address[1])

    def start(self) -> Self:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(30)  # returns at once: shutdown() waited for serve_forever

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def routes(self) -> list[Routed]:
        with self._lock:
            return list(self.routed)

    def _forward(self, path: str, body: bytes, headers: dict[str, str]) -> int:
        """Pass the post to the person's process, then the others; the first answer."""
        update_id, chat = _chat_of(body)
        first = (chat or 0) % len(self.ports)
        order = [*range(first, len(self.ports)), *range(first)]
        for backend in order:
            status = self._send(self.ports[backend], path, body, headers)
            with self._lock:
                self.routed.append(Routed(update_id, chat, backend, status, time.monotonic()))
            if status:
                return status
        return 0

    def _send(self, port: int, path: str, body: bytes, headers: dict[str, str]) -> int:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=self.timeout)
        try:
            connection.request("POST", path, body, headers)
            response = connection.getresponse()
            response.read()
            return response.status
        except (OSError, http.client.HTTPException):
            return 0  # refused, reset or cut off: the process is gone or going
        finally:
            connection.close()
