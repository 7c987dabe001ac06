"""A loopback door through which `cli.py` hands a command to the running app.

DuckDB lets one process write a file, and the app holds the store for as long as it serves, so
a command that needs the store (`ingest`, `loads`, `restore`, `user ...`) would be refused while
officers browse. Instead the app opens this door: an HTTP listener on 127.0.0.1 only, on a port
of its choosing, that runs a command with the app's own store and returns its output and exit
code. The port and a random token are written to `<store>.door`, a file only the store's owner
can read (0600), so only a local process of that user can knock. The command runs under the
store's write lock like any write of the app's own, and the app's pages see its effect on their
next run (the write forgets the cached data version).
"""

from __future__ import annotations

import hmac
import json
import os
import secrets
import threading
import urllib.error
import urllib.request
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from store.archive import PRIVATE_FILE

# (argv, password) -> (exit code, standard output, standard error)
Runner = Callable[[list[str], str | None], tuple[int, str, str]]
MAX_REQUEST_BYTES = 1024 * 1024


def door_path(store_path: Path) -> Path:
    return store_path.with_name(store_path.name + ".door")


class Door:
    """The listener of one app process; closed with the process (its thread is a daemon)."""

    def __init__(self, store_path: Path, runner: Runner):
        self.path = door_path(store_path)
        self.token = secrets.token_urlsafe(32)
        self._lock = threading.Lock()
        door = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 (http.server's name)
                given = self.headers.get("Authorization", "")
                length = int(self.headers.get("Content-Length") or 0)
                if not hmac.compare_digest(given, f"Bearer {door.token}") or length > MAX_REQUEST_BYTES:
                    self.send_response(403)
                    self.end_headers()
                    return
                request = json.loads(self.rfile.read(length))
                with door._lock:  # one command at a time, as from one terminal
                    code, out, err = runner(list(request["argv"]), request.get("password"))
                body = json.dumps({"code": code, "out": out, "err": err}).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *_args) -> None:
                return

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        port = self._server.server_address[1]
        partial = self.path.with_name(self.path.name + f".{os.getpid()}")
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, PRIVATE_FILE)
        with os.fdopen(fd, "w") as handle:
            json.dump({"port": port, "token": self.token, "pid": os.getpid()}, handle)
        os.replace(partial, self.path)
        threading.Thread(target=self._server.serve_forever, name="scrutiny-door", daemon=True).start()

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self.path.unlink(missing_ok=True)


def knock(store_path: Path, argv: list[str], password: str | None = None,
          timeout: float = 3600) -> tuple[int, str, str] | None:
    """Hand `argv` to the app holding `store_path`; None when no app has its door open."""
    path = door_path(store_path)
    try:
        door = json.loads(path.read_text())
    except (OSError, ValueError):
        return None
    if not process_alive(int(door.get("pid", 0))):
        return None
    request = urllib.request.Request(
        f"http://127.0.0.1:{int(door['port'])}/command", method="POST",
        data=json.dumps({"argv": argv, "password": password}).encode(),
        headers={"Authorization": f"Bearer {door['token']}", "Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 (loopback)
            answer = json.loads(response.read())
    except (urllib.error.URLError, ConnectionError, TimeoutError, ValueError):
        return None
    return int(answer["code"]), answer["out"], answer["err"]


def process_alive(pid: int) -> bool:
    """Whether a process with this id is running (one of another user's counts as running)."""
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
