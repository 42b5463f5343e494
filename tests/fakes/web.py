"""A scriptable web server on 127.0.0.1 for fetch and feed tests: each path maps to a behaviour.

A route returns (status, headers, body), or one of the misbehaviours: HANG (accept, never
answer), DRIP (headers, then one byte at a time), CLOSE (drop the connection).
"""

from __future__ import annotations

import ipaddress
import socket
import socketserver
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

HANG = "hang"
DRIP = "drip"
CLOSE = "close"

Response = tuple[int, dict[str, str], bytes] | str
Route = Callable[[dict[str, str]], Response]


# What a fetcher must be allowed to reach for these servers.
LOOPBACK = (ipaddress.ip_network("127.0.0.0/8"),)


@dataclass
class Request:
    path: str
    headers: dict[str, str]


@dataclass
class WebServer:
    routes: dict[str, Route] = field(default_factory=dict)
    requests: list[Request] = field(default_factory=list)

    def __post_init__(self) -> None:
        server = self

        class Handler(socketserver.BaseRequestHandler):
            def handle(self) -> None:
                server._handle(self.request)

        socketserver.ThreadingTCPServer.allow_reuse_address = True
        self.tcp = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
        self.tcp.daemon_threads = True
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self.tcp.serve_forever, daemon=True)

    @property
    def port(self) -> int:
        return int(self.tcp.server_address[1])

    def url(self, path: str, host: str = "127.0.0.1") -> str:
        return f"http://{host}:{self.port}{path}"

    def __enter__(self) -> WebServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        self.tcp.shutdown()
        self.tcp.server_close()

    def _handle(self, conn: socket.socket) -> None:
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = conn.recv(65536)
            if not chunk:
                return
            data += chunk
        head = data.split(b"\r\n\r\n", 1)[0].decode("latin-1").split("\r\n")
        path = head[0].split(" ")[1]
        headers = {}
        for line in head[1:]:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        self.requests.append(Request(path, headers))
        route = self.routes.get(path.split("?")[0])
        answer: Response = route(headers) if route else (404, {}, b"not found")
        if answer == HANG:
            self.stop.wait(30)
            return
        if answer == CLOSE:
            conn.close()
            return
        if answer == DRIP:
            conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n")
            while not self.stop.is_set():
                try:
                    conn.sendall(b"x")
                except OSError:
                    return
                time.sleep(0.05)
            return
        assert not isinstance(answer, str)
        status, extra, body = answer
        lines = [f"HTTP/1.1 {status} X", f"Content-Length: {len(body)}", "Connection: close"]
        lines += [f"{k}: {v}" for k, v in extra.items()]
        conn.sendall(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body)
