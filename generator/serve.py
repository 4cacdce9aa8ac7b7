"""Serve a built site over HTTP (Pagefind needs HTTP, not file://)."""

from __future__ import annotations

import functools
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args) -> None:  # noqa: A002 - the base class's name
        pass


def make_server(site_dir: Path, host: str = "127.0.0.1", port: int = 8000) -> ThreadingHTTPServer:
    handler = functools.partial(QuietHandler, directory=str(site_dir))
    return ThreadingHTTPServer((host, port), handler)


def serve_directory(site_dir: Path, host: str, port: int) -> None:
    with make_server(site_dir, host, port) as server:
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
