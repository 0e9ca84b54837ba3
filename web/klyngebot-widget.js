/*
 * Klyngebot's chat widget: talks to Rasa's socket.io channel with socket.io-client 4 (loaded before
 * this script as the global `io`). Plain ES2017, no framework.
 *
 * Embed:
 *   <link rel="stylesheet" href="klyngebot-widget.css">
 *   <div id="klyngebot"></div>
 *   <script src="vendor/socket.io.min.js" defer></script>
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
        : { from: "bot", text: m.text, buttons: buttonsOf({ buttons: m.buttons }) }))
      .slice(-MAX_HISTORY);
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

      if (!mountPoint) mountPoint = document.body.appendChild(el("div", { className: "kb-floating" }));
      mountPoint.appendChild(root);
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
    }

    // -- talking to Rasa ----------------------------------------------------------------------------
    connect() {
      if (typeof window.io !== "function") {
        this.setOffline(); // socket.io-client did not load
        return;
      }
      this.socket = window.io(this.options.socketUrl, { path: this.options.socketPath });
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
      this.remember(buttons.length ? { from: "bot", text, buttons } : { from: "bot", text });
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
    window.Klyngebot = new KlyngebotWidget(mountPoint, options);
  }

  const script = document.currentScript;
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
