#!/usr/bin/env python3
"""Serve Klyngebot's web page (web/) for local use and tests: `python web/serve.py --port 8000`.

Only the page's own files are served, from a fixed list (no directory listing, no node_modules
browsing); socket.io's browser build comes straight from web/node_modules (`npm ci --prefix web`),
so nothing generated is copied into the repository. Every answer carries a Content-Security-Policy
that allows scripts from this server only and connections to the Rasa server only.
"""

from __future__ import annotations

import argparse
import html
import re
import sys
from functools import partial
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

WEB = Path(__file__).resolve().parent
SOCKET_IO = WEB / "node_modules" / "socket.io-client" / "dist" / "socket.io.min.js"
DEFAULT_RASA_URL = "http://localhost:5005"

HTML, JS, CSS = "text/html; charset=utf-8", "text/javascript; charset=utf-8", "text/css; charset=utf-8"
FILES = {
    "/": (WEB / "index.html", HTML),
    "/index.html": (WEB / "index.html", HTML),
    "/embed.html": (WEB / "embed.html", HTML),  # a plain page with the one-tag launcher embed
    "/klyngebot-widget.js": (WEB / "klyngebot-widget.js", JS),
    "/klyngebot-widget.css": (WEB / "klyngebot-widget.css", CSS),
    "/vendor/socket.io.min.js": (SOCKET_IO, JS),
}
# index.html names the default Rasa server on the widget's script tag; --rasa-url replaces it.
SOCKET_URL_ATTRIBUTE = re.compile(r'data-socket-url="[^"]*"')


def rasa_origin(url: str) -> str:
    """`scheme://host[:port]` of the Rasa server, refusing anything else (it goes into a header)."""
    parts = urlsplit(url)
    if (
        parts.scheme not in ("http", "https")
        or not parts.hostname
        or not re.fullmatch(r"[\w.:\[\]-]+", parts.netloc)
    ):
        raise ValueError(f"--rasa-url must be like http://localhost:5005, not {url!r}")
    return f"{parts.scheme}://{parts.netloc}"


def content_security_policy(origin: str) -> str:
    """Scripts, styles and images from this server; network connections to the Rasa server only
    (socket.io starts with HTTP long-polling, then upgrades to a websocket)."""
    websocket = origin.replace("http", "ws", 1)
    return "; ".join(
        [
            "default-src 'none'",
            "script-src 'self'",
            "style-src 'self'",
            "img-src 'self'",
            f"connect-src {origin} {websocket}",
            "base-uri 'none'",
            "form-action 'none'",
            "frame-ancestors 'none'",
        ]
    )


class PageHandler(BaseHTTPRequestHandler):
    server_version = "Klyngebot"
    sys_version = ""

    def __init__(self, *args, origin: str, **kwargs):
        self.origin = origin
        super().__init__(*args, **kwargs)

    def do_HEAD(self) -> None:
        self._answer(send_body=False)

    def do_GET(self) -> None:
        self._answer(send_body=True)

    def _answer(self, send_body: bool) -> None:
        route = urlsplit(self.path).path
        if route == "/favicon.ico":  # none: say so without an error in the browser's console
            return self._send(HTTPStatus.NO_CONTENT, b"", "image/x-icon", send_body)
        path, content_type = FILES.get(route, (None, None))
        if path is None:
            return self._send(HTTPStatus.NOT_FOUND, b"Ikke fundet.\n", "text/plain; charset=utf-8", send_body)
        if not path.exists():
            hint = " Run `npm ci --prefix web` first." if path == SOCKET_IO else ""
            self.log_error("missing %s.%s", path, hint)
            return self._send(
                HTTPStatus.NOT_FOUND,
                f"Mangler: {path.name}.{hint}\n".encode(),
                "text/plain; charset=utf-8",
                send_body,
            )
        body = path.read_bytes()
        if content_type == HTML:
            attribute = f'data-socket-url="{html.escape(self.origin)}"'
            body = SOCKET_URL_ATTRIBUTE.sub(attribute, body.decode("utf-8"), count=1).encode("utf-8")
        self._send(HTTPStatus.OK, body, content_type, send_body)

    def _send(self, status: HTTPStatus, body: bytes, content_type: str, send_body: bool) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Content-Security-Policy", content_security_policy(self.origin))
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "no-referrer")
        self.send_header("Cache-Control", "no-cache")
        self.end_headers()
        if send_body:
            self.wfile.write(body)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1", help="interface to listen on (default: loopback)")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument(
        "--rasa-url",
        default=DEFAULT_RASA_URL,
        help=f"the Rasa server the widget talks to (default: {DEFAULT_RASA_URL})",
    )
    args = parser.parse_args(argv)
    try:
        origin = rasa_origin(args.rasa_url)
    except ValueError as error:
        parser.error(str(error))
    if not SOCKET_IO.exists():
        print(f"warning: {SOCKET_IO} is missing; run `npm ci --prefix web`", file=sys.stderr)
    server = ThreadingHTTPServer((args.host, args.port), partial(PageHandler, origin=origin))
    print(f"Klyngebot's page: http://localhost:{args.port}/ (talking to {origin})", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


if __name__ == "__main__":
    main()
