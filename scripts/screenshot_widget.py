#!/usr/bin/env python3
"""Take docs/widget.png (the page after a real exchange with Klyngebot) and docs/launcher.png (the
one-tag launcher on a plain page, web/embed.html, at phone width: closed with its badge, and open),
in headless Chromium.

    .venv/bin/python scripts/screenshot_widget.py [--out docs/widget.png] [--launcher-out docs/launcher.png]

Starts the action server, the Rasa server (socket.io channel) and web/serve.py on free loopback
ports, the same way the browser tests do (tests/servers.py), and stops them afterwards. Needs the
trained model, `npm ci --prefix web` and Debian's `chromium`.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from playwright.sync_api import expect, sync_playwright  # noqa: E402

from tests.servers import free_port, klyngebot, launch_chromium, socketio_credentials, web_page  # noqa: E402


def take(page_url: str, out: Path) -> None:
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        page = browser.new_page(viewport={"width": 1280, "height": 860})
        page.goto(page_url)
        expect(page.locator(".kb__status")).to_have_text("Forbundet", timeout=30_000)
        with answer(page):
            page.get_by_label("Dit spørgsmål til Klyngebot").fill("Hvilken klynge dækker energi?")
            page.keyboard.press("Enter")
        with answer(page):
            page.locator(".kb__replies").last.get_by_role("button", name="Kontakt").click()
        page.locator("body").click(position={"x": 5, "y": 5})  # no focus ring in the picture
        out.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(out))
        browser.close()


def take_launcher(page_url: str, out: Path) -> None:
    """Two phone screens side by side: the plain page with the launcher's unread badge, and the chat open."""
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        page = browser.new_page(viewport={"width": 390, "height": 720})
        page.goto(page_url + "embed.html")
        page.get_by_role("button", name="Åbn chatten med Klyngebot").click()
        expect(page.locator(".kb__status")).to_have_text("Forbundet", timeout=30_000)
        page.get_by_role("button", name="Luk chatten").first.click()
        page.evaluate("() => window.Klyngebot.send('Hvordan kontakter jeg CLEAN?')")
        expect(page.locator(".kb-launcher__badge")).to_be_visible(timeout=60_000)
        page.wait_for_timeout(800)
        closed = out.with_name(out.stem + "-closed.png")
        page.screenshot(path=str(closed))
        page.locator(".kb-launcher").click()
        page.wait_for_timeout(300)
        page.screenshot(path=str(out))
        browser.close()
    print(f"wrote {closed} and {out}")


@contextmanager
def answer(page):
    """Wait, after the block, until Klyngebot has answered what the block sent."""
    before = page.locator(".kb__msg--bot").count()
    yield
    page.wait_for_function(
        "n => document.querySelectorAll('.kb__msg--bot').length > n", arg=before, timeout=60_000
    )
    page.wait_for_timeout(800)  # the rest of a multi-part answer


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "widget.png")
    parser.add_argument("--launcher-out", type=Path, default=ROOT / "docs" / "launcher.png")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="klyngebot-screenshot-") as tmp:
        folder = Path(tmp)
        port = free_port()
        origin = f"http://localhost:{port}"
        with klyngebot(folder, socketio_credentials(folder, origin), cors=origin) as bot:
            with web_page(folder, bot.url, port=port) as page_url:
                take(page_url, args.out)
                take_launcher(page_url, args.launcher_out)
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
