"""A loopback TCP proxy that cuts a connection after a chosen number of bytes.

Put it between a client and a server on 127.0.0.1, then ``proxy.cut_after(n, "up")`` (the
client's bytes towards the server) or ``"down"`` (the answer back): the next connection is
cut, both sides reset, once *n* bytes have passed in that direction. ``cut_after(None)``
passes everything. Each connection is counted afresh; ``proxy.cuts`` counts the cuts made.

Typical uses: a request cut mid-body (the hub must store nothing of it), an answer cut after
the hub committed (the client must retry and get ``duplicate``).
"""

from __future__ import annotations

import contextlib
import socket
import struct
import threading
from dataclasses import dataclass

from .postgres import free_port


@dataclass
class _Plan:
    limit: int | None = None
    direction: str = "up"
    once: bool = True


class CutProxy:
    """``CutProxy(target_port)``; ``.port`` is where clients connect."""

    def __init__(self, target_port: int, target_host: str = "127.0.0.1") -> None:
        self.target = (target_host, target_port)
        self.port = free_port()
        self.cuts = 0
        self.connections = 0
        self._plan = _Plan()
        self._lock = threading.Lock()
        self._listener = socket.create_server(("127.0.0.1", self.port))
        self._open: set[socket.socket] = set()
        self._running = True
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        """``http://127.0.0.1:PORT`` of the proxy."""
        return f"http://127.0.0.1:{self.port}"

    def cut_after(self, limit: int | None, direction: str = "up", once: bool = True) -> None:
        """Cut the next connection after *limit* bytes in *direction* (``up``/``down``);
        with ``once=False`` every later connection too. ``None`` stops cutting."""
        if direction not in ("up", "down"):
            raise ValueError("direction is up or down")
        with self._lock:
            self._plan = _Plan(limit, direction, once)

    def close(self) -> None:
        """Stop accepting and close every open connection."""
        self._running = False
        self._listener.close()
        with self._lock:
            for sock in list(self._open):
                _close(sock, reset=True)
            self._open.clear()

    def _take_plan(self) -> _Plan:
        with self._lock:
            plan = self._plan
            if plan.limit is not None and plan.once:
                self._plan = _Plan()
            return plan

    def _accept(self) -> None:
        while self._running:
            try:
                client, _address = self._listener.accept()
            except OSError:
                return
            try:
                server = socket.create_connection(self.target, timeout=10)
            except OSError:
                _close(client, reset=True)
                continue
            server.settimeout(None)
            self.connections += 1
            with self._lock:
                self._open.update((client, server))
            link = _Link(self, client, server, self._take_plan())
            threading.Thread(target=link.pump, args=(client, server, "up"), daemon=True).start()
            threading.Thread(target=link.pump, args=(server, client, "down"), daemon=True).start()

    def _forget(self, *sockets: socket.socket) -> None:
        with self._lock:
            for sock in sockets:
                self._open.discard(sock)


class _Link:
    """One proxied connection: two pumps and maybe a planned cut."""

    def __init__(self, proxy: CutProxy, client: socket.socket, server: socket.socket, plan: _Plan):
        self.proxy, self.client, self.server, self.plan = proxy, client, server, plan
        self.passed = {"up": 0, "down": 0}
        self.cut = False
        self.ended = 0
        self.lock = threading.Lock()

    def pump(self, source: socket.socket, sink: socket.socket, direction: str) -> None:
        try:
            while True:
                data = source.recv(65536)
                if not data:
                    sink.shutdown(socket.SHUT_WR)
                    self._ended()
                    return
                data = self._allowed(data, direction)
                if data:
                    sink.sendall(data)
                if self.cut:
                    self._reset()
                    return
        except OSError:
            self._reset()

    def _allowed(self, data: bytes, direction: str) -> bytes:
        with self.lock:
            if self.cut:
                return b""
            limit = self.plan.limit
            if limit is None or direction != self.plan.direction:
                self.passed[direction] += len(data)
                return data
            room = limit - self.passed[direction]
            if len(data) < room:
                self.passed[direction] += len(data)
                return data
            self.passed[direction] += max(room, 0)
            self.cut = True
            self.proxy.cuts += 1
            return data[: max(room, 0)]

    def _ended(self) -> None:
        with self.lock:
            self.ended += 1
            both = self.ended == 2
        if both:
            for sock in (self.client, self.server):
                _close(sock, reset=False)
            self.proxy._forget(self.client, self.server)

    def _reset(self) -> None:
        with self.lock:
            self.cut = True
        for sock in (self.client, self.server):
            _close(sock, reset=True)
        self.proxy._forget(self.client, self.server)


def _close(sock: socket.socket, reset: bool) -> None:
    if reset:  # an RST, as a dropped network does, not a polite FIN
        with contextlib.suppress(OSError):
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    # shutdown wakes the other pump blocked in recv() on this socket (close alone does not)
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)
    with contextlib.suppress(OSError):
        sock.close()
