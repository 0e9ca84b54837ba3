"""The web page and its chat widget in a real headless Chromium, talking to the real Klyngebot over
socket.io: answers, quick replies, a reload that keeps the conversation, HTML shown as text, an
unreachable server, keyboard-only use and a phone-sized screen.

Needs the trained model, `npm ci --prefix web` and Debian's `chromium`; marked `e2e` and `browser`.
"""

from __future__ import annotations

import json
import re
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests
from playwright.sync_api import Page, expect, sync_playwright

from channels.links import site_of
from stores.requests import RequestStore
from tests.servers import free_port, klyngebot, launch_chromium, socketio_credentials, web_page

pytestmark = [pytest.mark.e2e, pytest.mark.browser]

UNREACHABLE = "Klyngebot kan ikke nås lige nu"
XSS = "<img src=x onerror=alert(1)>"
ANSWER_SECONDS = 60


@dataclass(frozen=True)
class Site:
    page_url: str  # http://localhost:PORT/, the origin the Rasa server allows
    rasa_url: str
    folder: Path


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """Klyngebot with the socket.io channel, and web/serve.py serving the page that talks to it."""
    folder = tmp_path_factory.mktemp("widget")
    port = free_port()
    origin = f"http://localhost:{port}"
    with klyngebot(folder, socketio_credentials(folder, origin), cors=origin) as bot:
        with web_page(folder, bot.url, port=port) as page_url:
            yield Site(page_url, bot.url, folder)


@pytest.fixture(scope="module")
def browser():
    # Module scope: Playwright's sync API holds an asyncio loop on this thread while it runs, and
    # asyncio.run() in later tests would fail.
    with sync_playwright() as playwright:
        chromium = launch_chromium(playwright)
        yield chromium
        chromium.close()


class Widget:
    """The chat widget on a page, as a user sees and uses it; records dialogs and console errors."""

    def __init__(self, page: Page, url: str):
        self.page, self.url = page, url
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        page.on("dialog", self._dialog)
        page.on("console", lambda message: message.type == "error" and self.errors.append(message.text))
        page.on("pageerror", lambda error: self.errors.append(str(error)))

    def _dialog(self, dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def open(self, connected: bool = True) -> "Widget":
        self.page.goto(self.url)
        if connected:
            expect(self.status).to_have_text("Forbundet", timeout=30_000)
        return self

    @property
    def log(self):
        return self.page.get_by_role("log", name="Samtale med Klyngebot")

    @property
    def input(self):
        return self.page.get_by_label("Dit spørgsmål til Klyngebot")

    @property
    def status(self):
        return self.page.get_by_role("status").filter(has_text=re.compile("orbund|Forbinder"))

    @property
    def alert(self):
        return self.page.get_by_role("alert")

    @property
    def bot_messages(self):
        return self.log.locator(".kb__msg--bot")

    @property
    def user_messages(self):
        return self.log.locator(".kb__msg--user .kb__body")

    def ask(self, text: str) -> str:
        """Type `text` and press Enter; the bot's answer (all its messages) as text."""
        before = self.bot_messages.count()
        self.input.fill(text)
        self.input.press("Enter")
        return self.answer_after(before)

    def answer_after(self, before: int) -> str:
        self.page.wait_for_function(
            "n => document.querySelectorAll('.kb__msg--bot').length > n",
            arg=before,
            timeout=ANSWER_SECONDS * 1000,
        )
        # Rasa sends a long answer as several socket.io messages: wait until no more arrive.
        count = -1
        while count != self.bot_messages.count():
            count = self.bot_messages.count()
            self.page.wait_for_timeout(400)
        expect(self.page.locator(".kb__typing")).to_be_hidden()
        return "\n".join(self.bot_messages.all_text_contents()[before:])

    def reply_buttons(self):
        """The quick-reply buttons under the latest bot message."""
        return self.log.locator(".kb__replies").last.get_by_role("button")

    def csp_violations(self) -> list[str]:
        return [e for e in self.errors if "Content Security Policy" in e]


@pytest.fixture
def widget(browser, site):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="da-DK")
    yield Widget(context.new_page(), site.page_url).open()
    context.close()


# -- the page's server ---------------------------------------------------------------------------------
def test_the_page_is_served_with_a_strict_content_security_policy(site):
    page = requests.get(site.page_url, timeout=10)
    assert page.headers["Content-Type"] == "text/html; charset=utf-8"
    policy = page.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "default-src 'none'" in policy
    assert f"connect-src {site.rasa_url} {site.rasa_url.replace('http', 'ws', 1)}" in policy
    assert f'data-socket-url="{site.rasa_url}"' in page.text
    library = requests.get(site.page_url + "vendor/socket.io.min.js", timeout=10)
    assert library.ok and library.headers["Content-Type"] == "text/javascript; charset=utf-8"
    assert "Socket.IO v4" in library.text[:200]
    for hidden in (
        "serve.py",
        "node_modules/socket.io-client/package.json",
        "../README.md",
        "%2e%2e/README.md",
    ):
        assert requests.get(site.page_url + hidden, timeout=10).status_code == 404


# -- talking to Klyngebot ----------------------------------------------------------------------------
def test_the_typing_indicator_shows_while_klyngebot_answers(widget):
    typing_right_after_sending = widget.page.evaluate("""() => {
        document.querySelector('.kb__input').value = 'hej';
        document.querySelector('.kb__form').requestSubmit();
        return !document.querySelector('.kb__typing').hidden; }""")
    assert typing_right_after_sending
    widget.answer_after(1)  # the welcome is the first bot message; answer_after ends with it hidden


def test_the_energy_question_is_answered_with_a_link(widget):
    answer = widget.ask("Hvilken klynge dækker energi?")
    assert "Energy Cluster Denmark" in answer
    expect(widget.user_messages.last).to_have_text("Hvilken klynge dækker energi?")
    link = widget.bot_messages.last.get_by_role("link").first
    assert link.get_attribute("href").startswith("https://")
    assert link.get_attribute("rel") == "noopener noreferrer" and link.get_attribute("target") == "_blank"
    # Every link reads as its site ("Kilde: energycluster.dk"), the full address kept in href and title.
    for each in widget.bot_messages.last.get_by_role("link").all():
        href = each.get_attribute("href")
        assert each.get_attribute("title") == href
        assert each.inner_text().startswith(site_of(href)) and "https://" not in each.inner_text()
    assert re.search(r"Kilder?: [a-z0-9.-]+\.[a-z]{2,}", answer) and "Kilde: https" not in answer
    assert "Kilder: https" not in answer
    assert widget.csp_violations() == [] and widget.dialogs == []


def test_a_quick_reply_sends_its_payload_and_shows_its_title(widget, dataset):
    widget.ask("Hvilken klynge dækker energi?")
    buttons = widget.reply_buttons()
    assert buttons.count() >= 1
    contact = buttons.filter(has_text="Kontakt")
    title = contact.inner_text()
    before = widget.bot_messages.count()
    contact.click()
    answer = widget.answer_after(before)
    expect(widget.user_messages.last).to_have_text(title)  # the title, not the /intent{...} payload
    website = dataset.clusters["energy-cluster-denmark"].website.value
    hrefs = [a.get_attribute("href") for a in widget.bot_messages.last.get_by_role("link").all()]
    assert website in hrefs and site_of(website) in answer


def test_dash_and_numbered_lines_are_rendered_as_lists(widget, dataset):
    widget.ask("hvilke klynger findes der?")
    items = widget.bot_messages.last.locator("ul > li")
    expect(items).to_have_count(len(dataset.clusters))
    assert all(any(c.name in item for item in items.all_text_contents()) for c in dataset.clusters.values())
    widget.ask("Hvor er det nærmeste kontor? Jeg bor i 7500 Holstebro.")
    expect(widget.bot_messages.last.locator("ol > li")).to_have_count(3)


def test_a_reload_keeps_the_conversation_and_its_context(widget, dataset):
    widget.ask("Hvilken klynge dækker energi?")
    widget.page.reload()
    expect(widget.status).to_have_text("Forbundet", timeout=30_000)
    expect(widget.user_messages.last).to_have_text("Hvilken klynge dækker energi?")
    expect(widget.bot_messages.last).to_contain_text("Energy Cluster Denmark")
    # The same session on the server: "deres" still means Energy Cluster Denmark.
    offices = widget.ask("og hvor ligger deres kontor?")
    assert dataset.clusters["energy-cluster-denmark"].headquarters.town in offices


def test_a_new_conversation_forgets_the_old_one(widget):
    widget.ask("Hvilken klynge dækker energi?")
    session = widget.page.evaluate("localStorage.getItem('klyngebot:session')")
    widget.page.get_by_role("button", name=re.compile("Start en ny samtale")).click()
    expect(widget.user_messages).to_have_count(0)
    expect(widget.status).to_have_text("Forbundet", timeout=30_000)
    assert widget.page.evaluate("localStorage.getItem('klyngebot:session')") not in (None, session)
    assert "Energy Cluster Denmark" in widget.ask("Hvilken klynge dækker energi?")


# -- no HTML through a message -------------------------------------------------------------------------
def test_html_typed_by_the_user_is_shown_as_text(widget):
    answer = widget.ask(XSS)
    expect(widget.user_messages.last).to_have_text(XSS)
    assert "HTML" in answer
    widget.page.wait_for_timeout(500)
    assert widget.log.locator("img, script").count() == 0 and widget.dialogs == []


def test_html_in_a_bot_message_is_shown_as_text(widget):
    """Bot text takes the same path from storage as from the socket: seed a hostile one and reload."""
    hostile = (
        f"Se {XSS} og <script>alert(2)</script>\n- javascript:alert(3)\n"
        '- <a href=javascript:alert(4)>klik</a> https://example.dk/x"onmouseover=alert(5)'
    )
    history = [{"from": "bot", "text": hostile, "buttons": [{"title": XSS, "payload": "/greet"}]}]
    widget.page.evaluate("h => localStorage.setItem('klyngebot:history', h)", json.dumps(history))
    widget.page.reload()
    message = widget.bot_messages.last
    expect(message).to_contain_text(XSS)
    expect(message).to_contain_text("<script>alert(2)</script>")
    expect(widget.reply_buttons().first).to_have_text(XSS)
    assert widget.log.locator("img, script, [onerror], [onmouseover]").count() == 0
    hrefs = [a.get_attribute("href") for a in message.get_by_role("link").all()]
    assert hrefs == ["https://example.dk/x"]
    message.get_by_role("link").first.hover()
    widget.page.wait_for_timeout(300)
    assert widget.dialogs == []


# -- when Klyngebot cannot be reached ------------------------------------------------------------------
def test_an_unreachable_server_is_said_plainly_in_danish(browser, site):
    dead = f"http://127.0.0.1:{free_port()}"  # nothing listens there
    with web_page(site.folder, dead, name="web-unreachable") as url:
        context = browser.new_context()
        widget = Widget(context.new_page(), url).open(connected=False)
        expect(widget.alert).to_contain_text(UNREACHABLE, timeout=20_000)
        expect(widget.status).to_have_text("Ikke forbundet")
        widget.input.fill("Hvilken klynge dækker energi?")
        widget.input.press("Enter")
        expect(widget.input).to_have_value("Hvilken klynge dækker energi?")  # kept, not lost
        expect(widget.user_messages).to_have_count(0)
        context.close()


def test_a_page_on_another_origin_cannot_talk_to_klyngebot(browser, site):
    """Only the configured origin may connect: the widget says it cannot reach Klyngebot, and even a
    raw websocket (which browsers do not hold to CORS) is refused by engine.io's origin check."""
    socket_url = site.rasa_url.replace("http", "ws", 1) + "/socket.io/?EIO=4&transport=websocket"
    opens = (
        "u => new Promise(done => { const ws = new WebSocket(u); ws.onopen = () => done(true); "
        "ws.onerror = () => done(false); })"
    )
    with web_page(site.folder, site.rasa_url, name="web-foreign") as url:
        context = browser.new_context()
        widget = Widget(context.new_page(), url).open(connected=False)
        expect(widget.alert).to_contain_text(UNREACHABLE, timeout=20_000)
        assert widget.page.evaluate(opens, socket_url) is False
        context.close()
    allowed = browser.new_context()
    page = allowed.new_page()
    page.goto(site.page_url)
    assert page.evaluate(opens, socket_url) is True
    allowed.close()


# -- accessibility -----------------------------------------------------------------------------------
def test_keyboard_only_use(widget):
    focused = "document.activeElement && document.activeElement.className"
    for _ in range(15):
        widget.page.keyboard.press("Tab")
        if widget.page.evaluate(focused) == "kb__input":
            break
    expect(widget.input).to_be_focused()
    outline = widget.page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"  # focus is visible
    before = widget.bot_messages.count()
    widget.page.keyboard.type("Hvilken klynge dækker energi?")
    widget.page.keyboard.press("Enter")
    assert "Energy Cluster Denmark" in widget.answer_after(before)
    widget.page.keyboard.press("Shift+Tab")  # back from the input to the newest quick reply
    assert widget.page.evaluate(focused) == "kb__reply"
    title = widget.page.evaluate("document.activeElement.textContent")
    before = widget.bot_messages.count()
    widget.page.keyboard.press("Enter")
    widget.answer_after(before)
    expect(widget.user_messages.last).to_have_text(title)


def test_a_phone_sized_screen_needs_no_sideways_scrolling(browser, site):
    context = browser.new_context(viewport={"width": 375, "height": 740}, reduced_motion="reduce")
    widget = Widget(context.new_page(), site.page_url).open()
    widget.ask("Hvor er det nærmeste kontor? Jeg bor i 7500 Holstebro.")
    assert widget.page.evaluate("document.documentElement.scrollWidth") <= 375
    box = widget.page.locator(".kb").bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 375
    assert (
        widget.page.evaluate("getComputedStyle(document.querySelector('.kb__dots span')).animationName")
        == "none"
    )
    widget.page.screenshot(path=str(site.folder / "widget-375.png"))
    context.close()


# -- the launcher on a plain page (web/embed.html: one script tag) -------------------------------------
@pytest.fixture
def launcher(browser, site):
    page = browser.new_page(viewport={"width": 390, "height": 760})
    widget = Widget(page, site.page_url + "embed.html")
    page.goto(widget.url)
    yield widget
    page.close()


def test_the_launcher_opens_and_closes_the_chat(launcher):
    page = launcher.page
    button = page.get_by_role("button", name=re.compile("Åbn chatten med Klyngebot"))
    expect(button).to_be_visible()
    expect(button).to_have_attribute("aria-expanded", "false")
    expect(page.locator(".kb-floating")).to_be_hidden()
    button.click()
    expect(page.locator(".kb-floating")).to_be_visible()
    expect(launcher.input).to_be_focused()
    expect(launcher.status).to_have_text("Forbundet", timeout=30_000)
    page.get_by_role("button", name="Luk chatten").first.click()
    expect(page.locator(".kb-floating")).to_be_hidden()
    assert launcher.errors == [] and launcher.csp_violations() == []


def test_an_answer_while_closed_shows_an_unread_badge(launcher):
    page = launcher.page
    page.get_by_role("button", name=re.compile("Åbn chatten")).click()
    expect(launcher.status).to_have_text("Forbundet", timeout=30_000)
    before = launcher.bot_messages.count()
    page.get_by_role("button", name="Luk chatten").first.click()
    # An answer that arrives while the panel is closed (sent from the page: the input is hidden now).
    page.evaluate("() => window.Klyngebot.send('Hvilken klynge dækker energi?')")
    expect(page.locator(".kb-launcher__badge")).to_have_text(
        re.compile(r"^[1-9]"), timeout=ANSWER_SECONDS * 1000
    )
    expect(page.locator(".kb-launcher")).to_have_attribute("aria-label", re.compile(r"\d+ nye? besked(er)?$"))
    page.locator(".kb-launcher").click()
    expect(page.locator(".kb-launcher__badge")).to_be_hidden()
    assert launcher.bot_messages.count() > before


def test_the_panel_fills_a_phone_screen_and_keeps_the_input_in_view(launcher):
    page = launcher.page
    page.get_by_role("button", name=re.compile("Åbn chatten")).click()
    box = page.locator(".kb-floating .kb").bounding_box()
    assert box["width"] == 390 and box["height"] >= 700
    input_box = launcher.input.bounding_box()
    assert input_box["y"] + input_box["height"] <= 760


def test_talk_to_a_person_starts_the_request_form(launcher):
    page = launcher.page
    page.get_by_role("button", name=re.compile("Åbn chatten")).click()
    expect(launcher.status).to_have_text("Forbundet", timeout=30_000)
    before = launcher.bot_messages.count()
    page.get_by_role("button", name="Tal med en medarbejder").click()
    answer = launcher.answer_after(before)
    assert "Hvad kan vi hjælpe med?" in answer or "Hvilken klynge" in answer
    expect(launcher.user_messages.last).to_have_text("Tal med en medarbejder")


def test_a_thumb_under_an_answer_is_stored_with_the_conversation(launcher, site):
    page = launcher.page
    page.get_by_role("button", name=re.compile("Åbn chatten")).click()
    expect(launcher.status).to_have_text("Forbundet", timeout=30_000)
    answer = launcher.ask("Hvordan kontakter jeg CLEAN?")
    thumb = launcher.bot_messages.last.get_by_role("button", name="Svaret hjalp", exact=True)
    expect(launcher.bot_messages.last).to_contain_text("Hjalp svaret?")
    thumb.click()
    expect(thumb).to_have_attribute("aria-pressed", "true")
    store = RequestStore(f"sqlite:///{site.folder / 'requests.db'}")
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and not store.ratings():
        time.sleep(0.2)
    (rating,) = [r for r in store.ratings() if "CLEAN" in r.answer]
    assert rating.rating == 1 and rating.conversation_id.startswith("socketio:")
    assert answer.split("\n")[0][:20] in rating.answer or "CLEAN" in answer
