/*
 * Klyngebot's chat widget: talks to Rasa's socket.io channel with socket.io-client 4 (loaded before
 * this script as the global `io`). Plain ES2017, no framework.
 *
 * Embed on any page with one tag: a launcher button (bottom right) opens the chat; the stylesheet
 * and socket.io-client are loaded from beside this script when the page has not loaded them:
 *   <script src="https://bot.example.dk/klyngebot-widget.js" defer data-socket-url="https://bot.example.dk"></script>
 * Or inside the page, where the element is:
 *   <div id="klyngebot"></div>
 *   <script src="klyngebot-widget.js" defer data-socket-url="https://bot.example.dk" data-mount="#klyngebot"></script>
 *
 * Safety: every piece of text from the user or the bot reaches the page through textContent or
 * createTextNode, never as HTML; links are built as <a> elements from http(s) URLs only.
 */
(function () {
  "use strict";

  const TEXT = {
    title: "Klyngebot",
    subtitle: "Spørg om Danmarks nationale erhvervsklynger",
    logLabel: "Samtale med Klyngebot",
    you: "Du skrev:",
    bot: "Klyngebot skrev:",
    inputLabel: "Dit spørgsmål til Klyngebot",
    placeholder: "Skriv dit spørgsmål …",
    send: "Send",
    restart: "Ny samtale",
    restartLabel: "Start en ny samtale (den nuværende slettes)",
    replies: "Svarmuligheder",
    typing: "Klyngebot skriver",
    newWindow: " (åbner i nyt vindue)",
    connecting: "Forbinder …",
    connected: "Forbundet",
    offlineStatus: "Ikke forbundet",
    unreachable: "Klyngebot kan ikke nås lige nu. Prøv igen om lidt – siden forbinder selv igen, " +
      "så snart Klyngebot svarer.",
    noAnswer: "Klyngebot svarede ikke. Prøv at stille spørgsmålet igen om lidt.",
    welcome: "Hej! Jeg er Klyngebot. Spørg mig om Danmarks nationale viden- og erhvervsklynger: " +
      "hvilken klynge der dækker din branche, hvor kontorerne ligger, og hvordan du kontakter dem.",
    examples: ["Hvilken klynge dækker energi?", "Hvilke klynger findes der?", "Hvad kan du?"],
    person: "Tal med en medarbejder",
    open: "Åbn chatten med Klyngebot",
    close: "Luk chatten",
    unread: (n) => n === 1 ? "1 ny besked" : n + " nye beskeder",
    helpedQuestion: "Hjalp svaret?",
    helpful: "Ja",
    notHelpful: "Nej",
    helpfulLabel: "Svaret hjalp",
    notHelpfulLabel: "Svaret hjalp ikke",
    thanks: "Tak for din vurdering",
  };
  const MAX_HISTORY = 100;
  const URL_PATTERN = /https?:\/\/[^\s<>"'«»]+/g;
  const BULLET = /^\s*[-•]\s+(.*)$/;
  const NUMBERED = /^\s*(\d{1,3})\.\s+(.*)$/;
  let instances = 0;

  /** Options from the script tag's data attributes, overridden by window.KlyngebotConfig. */
  function readOptions(script) {
    const data = (script && script.dataset) || {};
    const given = window.KlyngebotConfig || {};
    return {
      socketUrl: given.socketUrl || data.socketUrl || "http://localhost:5005",
      socketPath: given.socketPath || data.socketPath || "/socket.io/",
      mount: given.mount || data.mount || null,
      storageKey: given.storageKey || data.storageKey || "klyngebot",
      replyTimeoutMs: Number(given.replyTimeoutMs || data.replyTimeout || 30000),
      base: script && script.src ? script.src.replace(/[^/]*$/, "") : "",
    };
  }

  /** localStorage when the browser allows it, else memory for this page view only. */
  function makeStore(prefix) {
    const memory = {};
    let storage = null;
    try {
      storage = window.localStorage;
      storage.setItem(prefix + ":probe", "1");
      storage.removeItem(prefix + ":probe");
    } catch (error) {
      storage = null;
    }
    return {
      get(key) {
        const raw = storage ? storage.getItem(prefix + ":" + key) : memory[key];
        try {
          return raw == null ? null : JSON.parse(raw);
        } catch (error) {
          return null;
        }
      },
      set(key, value) {
        const raw = JSON.stringify(value);
        try {
          if (storage) storage.setItem(prefix + ":" + key, raw);
          else memory[key] = raw;
        } catch (error) {
          memory[key] = raw; // storage full: keep going without it
        }
      },
      remove(key) {
        if (storage) storage.removeItem(prefix + ":" + key);
        delete memory[key];
      },
    };
  }

  function el(tag, attributes, text) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes || {})) {
      if (name === "className") node.className = value;
      else node.setAttribute(name, value);
    }
    if (text != null) node.textContent = text;
    return node;
  }

  /** The site a URL is on, as people say it: "https://www.ufm.dk/aktuelt/…" -> "ufm.dk". */
  function siteOf(url) {
    try {
      return new URL(url).hostname.toLowerCase().replace(/^www\./, "");
    } catch (error) {
      return url;
    }
  }

  /** Text with its http(s) URLs turned into links labelled with their site (trailing
   * punctuation stays text). */
  function appendInline(parent, text) {
    let last = 0;
    for (const match of text.matchAll(URL_PATTERN)) {
      let url = match[0];
      while (/[.,;:!?)\]]$/.test(url) && !(url.endsWith(")") && url.includes("("))) url = url.slice(0, -1);
      parent.appendChild(document.createTextNode(text.slice(last, match.index)));
      // Labelled with its site, as channels/links.py does for Slack; the full address is the title.
      const link = el("a", { href: url, title: url, target: "_blank", rel: "noopener noreferrer" }, siteOf(url));
      link.appendChild(el("span", { className: "kb-visually-hidden" }, TEXT.newWindow));
      parent.appendChild(link);
      last = match.index + url.length;
    }
    parent.appendChild(document.createTextNode(text.slice(last)));
  }

  /** A bot message's text as paragraphs and lists: "- " lines make a <ul>, two or more
   * consecutive "1. " lines an <ol> (one such line is more likely a date like "1. januar"). */
  function renderBotText(parent, text) {
    const lines = String(text).split("\n");
    let list = null;
    lines.forEach((line, index) => {
      const bullet = BULLET.exec(line);
      const numbered = NUMBERED.exec(line);
      const neighbourNumbered = NUMBERED.test(lines[index - 1] || "") || NUMBERED.test(lines[index + 1] || "");
      if (bullet) {
        if (!list || list.tagName !== "UL") list = parent.appendChild(el("ul"));
        appendInline(list.appendChild(el("li")), bullet[1]);
      } else if (numbered && neighbourNumbered) {
        if (!list || list.tagName !== "OL") {
          list = parent.appendChild(el("ol"));
          if (numbered[1] !== "1") list.setAttribute("start", numbered[1]);
        }
        appendInline(list.appendChild(el("li", { value: numbered[1] })), numbered[2]);
      } else {
        list = null;
        if (line.trim()) appendInline(parent.appendChild(el("p")), line);
      }
    });
  }

  /** Buttons of a bot_uttered event (`quick_replies` from Rasa's socket.io channel, `buttons` from
   * custom JSON) as plain {title, payload} strings. */
  function buttonsOf(event) {
    const given = event.quick_replies || event.buttons || [];
    return Array.isArray(given)
      ? given.filter((b) => b && b.title != null && b.payload != null)
        .map((b) => ({ title: String(b.title), payload: String(b.payload) }))
      : [];
  }

  function textOf(event) {
    let text = typeof event.text === "string" ? event.text : "";
    const attachment = event.attachment || {};
    const src = attachment.payload && attachment.payload.src;
    if (attachment.type === "image" && typeof src === "string" && /^https?:\/\//.test(src)) {
      text = (text ? text + "\n" : "") + src; // shown as a link: the page loads no foreign images
    }
    return text;
  }

  /** The stored transcript, reduced to what renderMessage expects (storage may hold anything). */
  function storedHistory(stored) {
    if (!Array.isArray(stored)) return [];
    return stored
      .filter((m) => m && typeof m.text === "string")
      .map((m) => (m.from === "user"
        ? { from: "user", text: m.text }
        : {
          from: "bot", text: m.text, buttons: buttonsOf({ buttons: m.buttons }),
          rateable: m.rateable === true, rated: m.rated === 1 || m.rated === -1 ? m.rated : undefined,
        }))
      .slice(-MAX_HISTORY);
  }

  /** A speech bubble drawn as SVG (no icon font or emoji font needed; built as DOM, CSP-safe). */
  function chatIcon() {
    const ns = "http://www.w3.org/2000/svg";
    const svg = document.createElementNS(ns, "svg");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("class", "kb-launcher__icon");
    const path = svg.appendChild(document.createElementNS(ns, "path"));
    path.setAttribute("d", "M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-5 4v-4H4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2z");
    path.setAttribute("fill", "currentColor");
    return svg;
  }

  /** The stylesheet and socket.io-client from beside this script, unless the page has them. */
  function loadAssets(base, done) {
    if (base && !document.querySelector('link[href$="klyngebot-widget.css"]')) {
      document.head.appendChild(el("link", { rel: "stylesheet", href: base + "klyngebot-widget.css" }));
    }
    if (typeof window.io === "function" || !base) return done();
    const loader = el("script", { src: base + "vendor/socket.io.min.js" });
    loader.addEventListener("load", done);
    loader.addEventListener("error", done); // the widget then says it cannot connect
    document.head.appendChild(loader);
  }

  class KlyngebotWidget {
    constructor(mountPoint, options) {
      this.options = options;
      this.store = makeStore(options.storageKey);
      this.history = storedHistory(this.store.get("history"));
      this.sessionId = typeof this.store.get("session") === "string" ? this.store.get("session") : null;
      this.state = "connecting";
      this.pending = []; // messages typed before the first session_confirm
      this.replyTimer = null;
      this.id = "klyngebot-" + ++instances;
      this.unread = 0;
      this.build(mountPoint);
      this.renderAll();
      this.connect();
    }

    build(mountPoint) {
      const root = el("section", { className: "kb", "aria-labelledby": this.id + "-title" });
      const header = root.appendChild(el("header", { className: "kb__header" }));
      const heading = header.appendChild(el("div", { className: "kb__heading" }));
      heading.appendChild(el("h2", { className: "kb__title", id: this.id + "-title" }, TEXT.title));
      heading.appendChild(el("p", { className: "kb__subtitle" }, TEXT.subtitle));
      this.status = header.appendChild(el("p", { className: "kb__status", role: "status" }, TEXT.connecting));
      this.restartButton = header.appendChild(
        el("button", { type: "button", className: "kb__restart", "aria-label": TEXT.restartLabel }, TEXT.restart));
      this.restartButton.addEventListener("click", () => this.restart());
      const person = header.appendChild(el("button", { type: "button", className: "kb__person" }, TEXT.person));
      person.addEventListener("click", () => this.send("/request_contact", TEXT.person));

      this.log = root.appendChild(el("div", {
        className: "kb__log", role: "log", "aria-live": "polite", "aria-label": TEXT.logLabel, tabindex: "0",
      }));

      this.typing = root.appendChild(el("p", { className: "kb__typing", hidden: "" }, TEXT.typing));
      const dots = this.typing.appendChild(el("span", { className: "kb__dots", "aria-hidden": "true" }));
      for (let i = 0; i < 3; i++) dots.appendChild(el("span", {}, "."));

      this.alert = root.appendChild(el("p", { className: "kb__alert", role: "alert", hidden: "" }));

      const form = root.appendChild(el("form", { className: "kb__form" }));
      form.appendChild(el("label", { className: "kb-visually-hidden", for: this.id + "-input" }, TEXT.inputLabel));
      this.input = form.appendChild(el("input", {
        id: this.id + "-input", className: "kb__input", type: "text", name: "message", autocomplete: "off",
        placeholder: TEXT.placeholder, enterkeyhint: "send",
      }));
      form.appendChild(el("button", { type: "submit", className: "kb__send" }, TEXT.send));
      form.addEventListener("submit", (event) => {
        event.preventDefault();
        if (this.send(this.input.value)) this.input.value = "";
      });

      if (mountPoint) {
        mountPoint.appendChild(root);
        return;
      }
      // No place in the page: a launcher button that opens the chat as a panel (full screen on a phone).
      this.panel = document.body.appendChild(el("div", { className: "kb-floating", id: this.id + "-panel", hidden: "" }));
      const close = header.appendChild(el("button", { type: "button", className: "kb__close", "aria-label": TEXT.close }, "×"));
      close.addEventListener("click", () => this.setOpen(false));
      this.panel.appendChild(root);
      this.launcher = document.body.appendChild(el("button", {
        type: "button", className: "kb-launcher", "aria-controls": this.id + "-panel", "aria-expanded": "false",
        "aria-label": TEXT.open,
      }));
      this.launcher.appendChild(chatIcon());
      this.badge = this.launcher.appendChild(el("span", { className: "kb-launcher__badge", hidden: "" }));
      this.launcher.addEventListener("click", () => this.setOpen(this.panel.hidden));
      this.fitToKeyboard();
    }

    setOpen(open) {
      if (!this.panel) return;
      this.panel.hidden = !open;
      this.launcher.setAttribute("aria-expanded", String(open));
      this.launcher.setAttribute("aria-label", open ? TEXT.close : TEXT.open);
      if (open) {
        this.setUnread(0);
        this.log.scrollTop = this.log.scrollHeight;
        this.input.focus();
      } else {
        this.launcher.focus();
      }
    }

    setUnread(count) {
      this.unread = count;
      if (!this.badge) return;
      this.badge.hidden = count === 0;
      this.badge.textContent = count ? String(count) : "";
      this.launcher.setAttribute("aria-label", count ? TEXT.open + " – " + TEXT.unread(count) : TEXT.open);
    }

    /** On a phone the keyboard shrinks the visible area: the panel follows it, so the input stays in view. */
    fitToKeyboard() {
      const viewport = window.visualViewport;
      if (!viewport) return;
      const fit = () => this.panel.style.setProperty("--kb-visible-height", viewport.height + "px");
      viewport.addEventListener("resize", fit);
      fit();
    }

    // -- the transcript ---------------------------------------------------------------------------
    renderAll() {
      this.log.textContent = "";
      this.renderMessage({ from: "bot", text: TEXT.welcome, buttons: TEXT.examples.map((q) => ({ title: q, payload: q })) });
      this.history.forEach((message) => this.renderMessage(message));
    }

    renderMessage(message) {
      const bubble = el("div", { className: "kb__msg kb__msg--" + (message.from === "user" ? "user" : "bot") });
      bubble.appendChild(el("span", { className: "kb-visually-hidden" }, message.from === "user" ? TEXT.you : TEXT.bot));
      const body = bubble.appendChild(el("div", { className: "kb__body" }));
      if (message.from === "user") body.appendChild(el("p", {}, message.text));
      else renderBotText(body, message.text);
      if (message.from === "bot" && message.rateable) this.addThumbs(bubble, message);
      this.log.appendChild(bubble);
      if (message.buttons && message.buttons.length) {
        const group = el("div", { className: "kb__replies", role: "group", "aria-label": TEXT.replies });
        message.buttons.forEach((button) => {
          const node = group.appendChild(el("button", { type: "button", className: "kb__reply" }, button.title));
          node.addEventListener("click", () => this.send(button.payload, button.title));
        });
        this.log.appendChild(group);
      }
      this.log.scrollTop = this.log.scrollHeight;
    }

    remember(message) {
      this.history.push(message);
      this.history = this.history.slice(-MAX_HISTORY);
      this.store.set("history", this.history);
      this.renderMessage(message);
      if (message.from === "bot" && this.panel && this.panel.hidden) this.setUnread(this.unread + 1);
    }

    /** 👍/👎 under an answer: sent as /rate_answer{"rating": ±1}, shown pressed, kept in the history. */
    addThumbs(bubble, message) {
      const group = bubble.appendChild(el("div", { className: "kb__thumbs" }));
      group.appendChild(el("span", { className: "kb__thumbs-question" }, TEXT.helpedQuestion));
      [[1, TEXT.helpful, TEXT.helpfulLabel], [-1, TEXT.notHelpful, TEXT.notHelpfulLabel]].forEach(([rating, word, label]) => {
        const thumb = group.appendChild(el("button", {
          type: "button", className: "kb__thumb", "aria-label": label, "aria-pressed": String(message.rated === rating),
        }, word));
        thumb.addEventListener("click", () => {
          if (message.rated || this.state !== "ready") return;
          message.rated = rating;
          this.store.set("history", this.history);
          this.emit("/rate_answer" + JSON.stringify({ rating }));
          group.querySelectorAll("button").forEach((b) => { b.disabled = true; });
          thumb.setAttribute("aria-pressed", "true");
          group.appendChild(el("span", { className: "kb-visually-hidden", role: "status" }, TEXT.thanks));
        });
      });
    }

    // -- talking to Rasa ----------------------------------------------------------------------------
    connect() {
      if (typeof window.io !== "function") {
        this.setOffline(); // socket.io-client did not load
        return;
      }
      // `k`: a random key on every request of this connection, so that a load balancer before several
      // Rasa processes keeps the connection on one of them (deploy/nginx.conf hashes on it).
      const k = Array.from(crypto.getRandomValues(new Uint8Array(8)), (b) => b.toString(16).padStart(2, "0")).join("");
      this.socket = window.io(this.options.socketUrl, { path: this.options.socketPath, query: { k } });
      this.socket.on("connect", () => this.socket.emit("session_request", { session_id: this.sessionId }));
      this.socket.on("session_confirm", (confirmed) => this.onSessionConfirm(confirmed));
      this.socket.on("bot_uttered", (event) => this.onBotUttered(event || {}));
      this.socket.on("connect_error", () => this.setOffline());
      this.socket.on("disconnect", (reason) => {
        if (reason === "io client disconnect") return; // restart() reconnecting
        this.setOffline();
        if (reason === "io server disconnect") this.socket.connect(); // socket.io does not retry this one
      });
    }

    onSessionConfirm(confirmed) {
      const id = confirmed && typeof confirmed === "object" ? confirmed.session_id : confirmed;
      if (typeof id === "string" && id) {
        this.sessionId = id;
        this.store.set("session", id);
      }
      this.state = "ready";
      this.status.textContent = TEXT.connected;
      this.alert.hidden = true;
      this.pending.splice(0).forEach((message) => this.emit(message));
    }

    onBotUttered(event) {
      const text = textOf(event);
      const buttons = buttonsOf(event);
      this.stopWaiting();
      this.alert.hidden = true; // a late answer clears "svarede ikke"
      if (!text && !buttons.length) return;
      // Answers with a source are the ones worth rating (not small talk or suggestions).
      const message = { from: "bot", text, rateable: /\bKilder?:/.test(text) };
      if (buttons.length) message.buttons = buttons;
      this.remember(message);
    }

    setOffline() {
      this.state = "offline";
      this.stopWaiting();
      this.status.textContent = TEXT.offlineStatus;
      this.showAlert(TEXT.unreachable);
    }

    /** Send `payload` to Rasa and show `shownAs` as the user's message; false when nothing was sent. */
    send(payload, shownAs) {
      const message = String(payload || "").trim();
      if (!message) return false;
      if (this.state === "offline") {
        this.showAlert(TEXT.unreachable);
        return false;
      }
      this.remember({ from: "user", text: shownAs || message });
      if (this.state === "ready") this.emit(message);
      else this.pending.push(message);
      this.startWaiting();
      return true;
    }

    emit(message) {
      this.socket.emit("user_uttered", { message, session_id: this.sessionId });
    }

    startWaiting() {
      this.typing.hidden = false;
      clearTimeout(this.replyTimer);
      this.replyTimer = setTimeout(() => {
        this.stopWaiting();
        this.showAlert(TEXT.noAnswer);
      }, this.options.replyTimeoutMs);
    }

    stopWaiting() {
      clearTimeout(this.replyTimer);
      this.typing.hidden = true;
    }

    showAlert(text) {
      this.alert.textContent = text;
      this.alert.hidden = false;
    }

    /** Forget this conversation and start a new session (a new socket, so no old room lingers). */
    restart() {
      this.history = [];
      this.store.remove("history");
      this.store.remove("session");
      this.sessionId = null;
      this.pending = [];
      this.stopWaiting();
      this.renderAll();
      if (this.socket) {
        this.state = "connecting";
        this.status.textContent = TEXT.connecting;
        this.socket.disconnect().connect();
      }
      this.input.focus();
    }
  }

  function start() {
    const options = readOptions(script);
    const mountPoint = options.mount ? document.querySelector(options.mount) : null;
    loadAssets(options.base, () => {
      window.Klyngebot = new KlyngebotWidget(mountPoint, options);
    });
  }

  const script = document.currentScript;
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
