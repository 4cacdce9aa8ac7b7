"""Serve a built site over HTTP on this machine (Pagefind needs HTTP, not file://).

Only files inside the site are served: no folder listings, nothing outside it (the standard
handler already resolves ``..``), and idle connections are closed after ``IDLE_SECONDS``."""

from __future__ import annotations

import errno
import functools
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

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

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - the base class's name
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


class Server(ThreadingHTTPServer):
    daemon_threads = True  # Ctrl+C does not wait for open connections


def make_server(site_dir: Path, host: str = "127.0.0.1", port: int = 8000) -> ThreadingHTTPServer:
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
