"""Serve a built site over HTTP on this machine (Pagefind needs HTTP, not file://).

Only files inside the site are served: no folder listings, nothing outside it (the standard
handler already resolves ``..``), and idle connections are closed after ``IDLE_SECONDS``.

With a live preview (``generator/preview.py``), every HTML page gets its reload script and the
server answers ``/__preview/state`` and ``/__preview/reload.js``; the built files stay as they are."""

from __future__ import annotations

import errno
import functools
import io
import json
import os
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

IDLE_SECONDS = 15


class ServeError(Exception):
    pass


class QuietHandler(SimpleHTTPRequestHandler):
    """Serves the site quietly, and the site's own 404 page for addresses that do not exist.

    HTTP/1.1 keeps connections open between requests, as any real web server does; the search
    fetches a dozen small files at once and would otherwise open a connection for each. A
    connection that sends nothing for ``IDLE_SECONDS`` is closed."""

    protocol_version = "HTTP/1.1"
    timeout = IDLE_SECONDS

    def log_message(self, format: str, *args) -> None:
        pass

    def list_directory(self, path):
        """A folder without index.html is not listed: it does not exist for visitors."""
        self.send_error(404)
        return None

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


class PreviewHandler(QuietHandler):
    """QuietHandler plus the live preview: the reload script in every HTML page, and its answers."""

    preview: Any = None  # a generator.preview.Preview

    def do_GET(self) -> None:
        if urlsplit(self.path).path.startswith("/__preview/"):
            self._preview_answer()
        else:
            super().do_GET()

    def do_HEAD(self) -> None:
        if urlsplit(self.path).path.startswith("/__preview/"):
            self._preview_answer()  # headers only: _send writes no body for HEAD
        else:
            super().do_HEAD()

    def _preview_answer(self) -> None:
        from .preview import RELOAD_SCRIPT

        address = urlsplit(self.path)
        if address.path == "/__preview/reload.js":
            body, kind = RELOAD_SCRIPT.encode(), "text/javascript; charset=utf-8"
        elif address.path == "/__preview/state":
            query = parse_qs(address.query)
            try:
                since = int(query.get("since", ["0"])[0])
            except ValueError:
                since = 0
            state = self.preview.state(since, query.get("page", ["/"])[0])
            body, kind = json.dumps(state, ensure_ascii=False).encode(), "application/json; charset=utf-8"
        else:
            self.send_error(404)
            return
        self._send(body, kind)

    def send_head(self):
        """HTML pages with the reload script before ``</body>``; everything else as it is."""
        address = urlsplit(self.path).path
        path = self.translate_path(self.path)
        if address.endswith("/") and os.path.isdir(path):
            path = os.path.join(path, "index.html")
        if not path.endswith(".html") or not os.path.isfile(path):
            return super().send_head()
        generation = self.preview.generation  # before the page is read: a change in between loads it again
        try:
            body = Path(path).read_bytes()
        except OSError:
            return super().send_head()
        script = f'<script src="/__preview/reload.js" data-generation="{generation}"></script>'.encode()
        at = body.rfind(b"</body>")
        body = body[:at] + script + body[at:] if at >= 0 else body + script
        self._send(body, "text/html; charset=utf-8", write=False)
        return io.BytesIO(body)

    def _send(self, body: bytes, kind: str, write: bool = True) -> None:
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if write and self.command != "HEAD":
            self.wfile.write(body)


class Server(ThreadingHTTPServer):
    daemon_threads = True  # Ctrl+C does not wait for open connections


def make_server(site_dir: Path, host: str = "127.0.0.1", port: int = 8000, preview: Any = None) -> ThreadingHTTPServer:
    """A server of ``site_dir``; with ``preview`` (a ``generator.preview.Preview``), the live preview's."""
    if preview is not None:
        handler: Any = functools.partial(type("Handler", (PreviewHandler,), {"preview": preview}), directory=str(site_dir))
    else:
        handler = functools.partial(QuietHandler, directory=str(site_dir))
    try:
        return Server((host, port), handler)
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            raise ServeError(f"poort {port} is al in gebruik (draait de site al?); kies een andere met --port, bv. --port {port + 1}") from None
        if exc.errno in (errno.EACCES, errno.EPERM):
            raise ServeError(f"geen toestemming om poort {port} te gebruiken; kies een poort boven 1024") from None
        raise ServeError(f"kan niet luisteren op {host}:{port}: {exc.strerror}") from None
    except (OverflowError, ValueError):
        raise ServeError(f"poort {port} bestaat niet; kies een poort van 1 tot 65535") from None


def serve_forever(server: ThreadingHTTPServer) -> None:
    with server:
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
