"""A local stand-in for Slack, to run the Slack channel without Slack (tests, trying it out).

    python scripts/fake_slack_api.py serve --port 8787
        Slack's Web API on http://127.0.0.1:8787/api/ (point SLACK_API_URL at it). Every call
        (`chat.postMessage`, `auth.test`, ...) is answered `ok` and recorded; GET /_calls lists the
        calls as JSON (`?method=chat.postMessage` to filter), DELETE /_calls forgets them.

    python scripts/fake_slack_api.py send "Hvilken klynge dækker energi?" --to http://127.0.0.1:5005
        Posts the message to Klyngebot's Slack webhook as Slack would: a `message.im` event, signed
        with SLACK_SIGNING_SECRET.

Standard library only. The signing below follows Slack's published scheme on its own, so the tests
that use it check the channel's verification rather than repeat it.
"""

from __future__ import annotations

import argparse
import hashlib
import hmac
import json
import os
import sys
import threading
import time
import urllib.request
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlparse

BOT_USER_ID = "UKLYNGEBOT"
WEBHOOK_PATH = "/webhooks/slack/webhook"


# -- Slack's side of the Events API: signed events ------------------------------------------------
def signature(secret: str, timestamp: str, body: bytes) -> str:
    """`v0=` + HMAC-SHA256 of `v0:{timestamp}:{body}` with the signing secret, as Slack signs."""
    base = b"v0:" + timestamp.encode() + b":" + body
    return "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()


def signed_headers(
    secret: str, body: bytes, timestamp: int | None = None, content_type: str = "application/json"
) -> dict[str, str]:
    """The headers Slack sends with a request signed now (or at `timestamp`)."""
    stamp = str(int(time.time()) if timestamp is None else timestamp)
    return {
        "Content-Type": content_type,
        "X-Slack-Request-Timestamp": stamp,
        "X-Slack-Signature": signature(secret, stamp, body),
    }


def event_callback(
    text: str,
    *,
    channel: str = "D0KLYNGE",
    user: str = "U0STAFF",
    mention: bool = False,
    ts: str | None = None,
    event_id: str | None = None,
) -> dict:
    """An `event_callback` as Slack sends it: a direct message, or an `app_mention` in a channel."""
    ts = ts or f"{time.time():.6f}"
    event = (
        {"type": "app_mention", "text": f"<@{BOT_USER_ID}> {text}", "channel_type": "channel"}
        if mention
        else {"type": "message", "text": text, "channel_type": "im"}
    )
    event.update(user=user, channel=channel, ts=ts, event_ts=ts)
    return {
        "token": "unused",
        "team_id": "T0KLYNGE",
        "api_app_id": "A0KLYNGE",
        "type": "event_callback",
        "event_id": event_id or f"Ev{uuid.uuid4().hex[:10].upper()}",
        "event_time": int(float(ts)),
        "event": event,
        "authorizations": [{"team_id": "T0KLYNGE", "user_id": BOT_USER_ID, "is_bot": True}],
    }


def button_click(
    value: str,
    *,
    channel: str = "D0KLYNGE",
    user: str = "U0STAFF",
    message_ts: str = "",
    thread_ts: str | None = None,
    action_id: str | None = None,
    team: str = "T0KLYNGE",
) -> bytes:
    """The form body Slack posts to the interactivity URL when a button with `value` is clicked."""
    message = {
        "type": "message",
        "user": BOT_USER_ID,
        "ts": message_ts,
        **({"thread_ts": thread_ts} if thread_ts else {}),
    }
    payload = {
        "type": "block_actions",
        "team": {"id": team},
        "user": {"id": user, "team_id": team},
        "channel": {"id": channel},
        "container": {"type": "message", "message_ts": message_ts, "channel_id": channel},
        "message": message,
        "trigger_id": uuid.uuid4().hex,
        "actions": [{"type": "button", "value": value, "action_id": action_id or uuid.uuid4().hex[:5]}],
    }
    return urlencode({"payload": json.dumps(payload, ensure_ascii=False)}).encode()


# -- Slack's Web API: answer ok and record ----------------------------------------------------------
class Calls:
    """The Web API calls received so far, safe to share between request threads."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._calls: list[dict] = []

    def add(self, call: dict) -> None:
        with self._lock:
            self._calls.append(call)

    def list(self, method: str | None = None) -> list[dict]:
        with self._lock:
            return [c for c in self._calls if method is None or c["method"] == method]

    def clear(self) -> None:
        with self._lock:
            self._calls.clear()


def answer(method: str, args: dict) -> dict:
    """What Slack would answer to a successful call (only the fields a bot reads)."""
    if method == "chat.postMessage":
        if not args.get("channel"):
            return {"ok": False, "error": "channel_not_found"}
        if not args.get("text") and not args.get("blocks"):
            return {"ok": False, "error": "no_text"}
        ts = f"{time.time():.6f}"
        return {
            "ok": True,
            "channel": args["channel"],
            "ts": ts,
            "message": {
                "type": "message",
                "user": BOT_USER_ID,
                "bot_id": "B0KLYNGE",
                "ts": ts,
                "text": args.get("text", ""),
                **({"thread_ts": args["thread_ts"]} if args.get("thread_ts") else {}),
            },
        }
    if method == "auth.test":
        return {
            "ok": True,
            "url": "https://klyngebot-test.slack.com/",
            "team": "Test",
            "user": "klyngebot",
            "team_id": "T0KLYNGE",
            "user_id": BOT_USER_ID,
            "bot_id": "B0KLYNGE",
        }
    return {"ok": True}


def make_handler(calls: Calls, token: str | None):
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            path = urlparse(self.path).path
            if not path.startswith("/api/"):
                return self._json({"ok": False, "error": "unknown_method"}, 404)
            method = path.removeprefix("/api/")
            raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            if self.headers.get("Content-Type", "").startswith("application/json"):
                args = json.loads(raw or b"{}")
            else:
                args = {k: v[0] for k, v in parse_qs(raw.decode()).items()}
            sent_token = (self.headers.get("Authorization") or "").removeprefix("Bearer ") or args.get(
                "token"
            )
            calls.add({"method": method, "args": args, "token": sent_token, "time": time.time()})
            sys.stderr.write(f"fake Slack: {method} {json.dumps(args, ensure_ascii=False)[:300]}\n")
            if not sent_token:
                return self._json({"ok": False, "error": "not_authed"})
            if token and sent_token != token:
                return self._json({"ok": False, "error": "invalid_auth"})
            self._json(answer(method, args))

        def do_GET(self) -> None:
            url = urlparse(self.path)
            if url.path != "/_calls":
                return self._json({"ok": False, "error": "not_found"}, 404)
            self._json(calls.list(parse_qs(url.query).get("method", [None])[0]))

        def do_DELETE(self) -> None:
            calls.clear()
            self._json({"ok": True})

        def _json(self, body, status: int = 200) -> None:
            data = json.dumps(body, ensure_ascii=False).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args) -> None:  # one line per call is written in do_POST
            pass

    return Handler


def serve(host: str, port: int, token: str | None) -> None:
    server = ThreadingHTTPServer((host, port), make_handler(Calls(), token))
    sys.stderr.write(f"fake Slack Web API on http://{host}:{server.server_port}/api/ (calls: /_calls)\n")
    server.serve_forever()


def send(text: str, to: str, secret: str, channel: str) -> None:
    body = json.dumps(event_callback(text, channel=channel), ensure_ascii=False).encode()
    request = urllib.request.Request(
        to.rstrip("/") + WEBHOOK_PATH, data=body, method="POST", headers=signed_headers(secret, body)
    )
    with urllib.request.urlopen(request, timeout=30) as reply:
        print(reply.status, reply.read().decode() or "(empty)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    serving = commands.add_parser("serve", help="run the stand-in for Slack's Web API")
    serving.add_argument("--host", default="127.0.0.1")
    serving.add_argument("--port", type=int, default=8787)
    serving.add_argument("--token", default=None, help="refuse calls with another bot token (invalid_auth)")
    sending = commands.add_parser("send", help="post a signed direct message to Klyngebot's webhook")
    sending.add_argument("text")
    sending.add_argument("--to", default="http://127.0.0.1:5005", help="Klyngebot's Rasa server")
    sending.add_argument("--channel", default="D0KLYNGE")
    args = parser.parse_args()
    if args.command == "serve":
        serve(args.host, args.port, args.token)
    else:
        secret = os.environ.get("SLACK_SIGNING_SECRET")
        if not secret:
            parser.error("set SLACK_SIGNING_SECRET to the secret the Rasa server uses")
        send(args.text, args.to, secret, args.channel)


if __name__ == "__main__":
    main()
