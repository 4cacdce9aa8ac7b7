"""Serve a built site over HTTP (Pagefind needs HTTP, not file://)."""

from __future__ import annotations

import functools
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path


class QuietHandler(SimpleHTTPRequestHandler):
    """Serves the site quietly, and the site's own 404 page for addresses that do not exist.

    HTTP/1.1 keeps connections open between requests, as any real web server does; the search
    fetches a dozen small files at once and would otherwise open a connection for each."""

    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - the base class's name
        pass

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


def make_server(site_dir: Path, host: str = "127.0.0.1", port: int = 8000) -> ThreadingHTTPServer:
    handler = functools.partial(QuietHandler, directory=str(site_dir))
    return ThreadingHTTPServer((host, port), handler)


def serve_directory(site_dir: Path, host: str, port: int) -> None:
    with make_server(site_dir, host, port) as server:
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
