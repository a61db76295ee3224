/*
 * archive-chat widget — one script tag, no build step, no dependencies.
 *
 *   <script src="https://HOST/widget.js" data-api="https://HOST"></script>
 *
 * Data attributes (all optional):
 *   data-api     base URL of the API; default: the origin this script was loaded from
 *                ("" means the page's own origin, i.e. relative URLs)
 *   data-title   heading of the chat panel (default "Ask the archive")
 *   data-as-of   YYYY-MM-DD; sent as "as_of" so answers only use articles published by then
 *   data-mode    sent as "mode" (e.g. "extractive" or "llm"); default: the server's choice
 *
 * It asks POST {api}/v1/answer/stream with {"question", "history", "as_of"?, "mode"?} and reads
 * the server-sent events with fetch + ReadableStream (EventSource cannot POST):
 *   passages   {passages: [...], articles: [...]}  what retrieval found
 *   delta      {text}                               a piece of the answer, appended as it arrives
 *   citations  {citations: [{n, article_id, title, url, published, source, quote, link, ...}]}
 *   done       the full answer {id, answer, citations, passages, articles, abstained, direct, conflict,
 *              confidence, mode, notice?}; each citation may carry highlight: [start, end) of the
 *              direct answer inside its quote (code-point offsets) or null
 *   error      {detail}
 * A non-2xx response shows the server's "detail" (e.g. 429 "rate limited — retry in N s").
 *
 * Events dispatched on window (CustomEvent, payload in event.detail), for pages and tests:
 *   archive-chat:open / archive-chat:close   {}
 *   archive-chat:request    {question, body}            the JSON body just sent
 *   archive-chat:passages   the passages event data
 *   archive-chat:delta      {text, answer, count}       this piece, the answer so far, pieces so far
 *   archive-chat:citations  the citations event data
 *   archive-chat:done       the done event data (the full answer object)
 *   archive-chat:error      {status, detail}            HTTP status (0: network/stream) and message
 *   archive-chat:feedback   {answer_id, helpful, status, detail?}  a 👍/👎 sent to /v1/feedback (status 0: network)
 * window.ArchiveChat = {open(), close(), ask(question)} drives it from the page; ArchiveChat.helpers
 * holds the pure text helpers (splitLead, splitHighlight) for tests — not a stable API.
 *
 * When the answer has a `direct` answer, its first sentence (the phrase and its marker, e.g.
 * "Lisbon [1].") becomes a prominent line above the rest; `conflict` adds a "Conflicting sources" label;
 * a citation card marks the `highlight` span of its quote with <mark>.
 *
 * Under each reply with an `id`, 👍 ("Helpful") and 👎 ("Not helpful") buttons send
 * POST {api}/v1/feedback {answer_id, helpful}; the pressed one gets aria-pressed="true", and a status line
 * says whether the verdict was recorded. Pressing the other one later changes the verdict.
 *
 * Everything that came from the archive or the answer is inserted as text (textContent /
 * createTextNode), never parsed as HTML: an article containing <script> shows those characters.
 */
(function () {
  "use strict";

  if (window.ArchiveChat) return; // the script was included twice

  var script =
    document.currentScript ||
    (function () {
      var all = document.querySelectorAll("script[src]");
      for (var i = all.length - 1; i >= 0; i--) {
        if (/widget\.js(\?|#|$)/.test(all[i].src)) return all[i];
      }
      return null;
    })();

  var data = (script && script.dataset) || {};
  var config = {
    api: apiBase(),
    title: data.title || "Ask the archive",
    asOf: /^\d{4}-\d{2}-\d{2}$/.test(data.asOf || "") ? data.asOf : null,
    mode: data.mode || null,
  };
  var MAX_HISTORY = 20; // messages (10 turns) — older turns rarely help and bloat the request

  function apiBase() {
    if (script && script.hasAttribute("data-api")) return script.getAttribute("data-api").replace(/\/+$/, "");
    if (script && script.src) return new URL(script.src, location.href).origin;
    return "";
  }

  var CSS = [
    ":host{all:initial}",
    "*,*::before,*::after{box-sizing:border-box}",
    "[hidden]{display:none!important}",
    ".root{--accent:#2f4fd8;--accent-ink:#fff;--accent-soft:#eef1fd;--ink:#1c2230;--muted:#5d6575;--line:#e3e6ec;",
    "--bg:#fff;--bg-soft:#f6f7f9;--radius:16px;--shadow:0 18px 48px rgba(20,28,48,.22),0 2px 8px rgba(20,28,48,.08);",
    "font:15px/1.5 system-ui,-apple-system,'Segoe UI',Roboto,'Helvetica Neue',Arial,sans-serif;color:var(--ink);",
    "-webkit-font-smoothing:antialiased}",
    "button,textarea,input{font:inherit;color:inherit}",
    ":focus{outline:none}",
    ":focus-visible{outline:3px solid var(--accent);outline-offset:2px}",
    ".sr-only{position:absolute;width:1px;height:1px;padding:0;margin:-1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap;border:0}",
    /* launcher */
    ".launcher{position:fixed;right:20px;bottom:20px;z-index:2147483000;width:58px;height:58px;border:0;border-radius:50%;",
    "background:var(--accent);color:var(--accent-ink);box-shadow:0 8px 24px rgba(47,79,216,.4);cursor:pointer;",
    "display:grid;place-items:center;transition:transform .15s ease,box-shadow .15s ease}",
    ".launcher:hover{transform:translateY(-2px);box-shadow:0 12px 28px rgba(47,79,216,.45)}",
    ".launcher:focus-visible{outline-color:#111;outline-offset:3px}",
    ".launcher svg{width:26px;height:26px}",
    /* panel */
    ".panel{position:fixed;right:20px;bottom:92px;z-index:2147483000;width:400px;max-width:calc(100vw - 40px);",
    "height:640px;max-height:calc(100vh - 116px);display:flex;flex-direction:column;overflow:hidden;",
    "background:var(--bg);border-radius:var(--radius);box-shadow:var(--shadow);border:1px solid rgba(20,28,48,.06)}",
    ".head{display:flex;align-items:center;gap:10px;padding:14px 12px 14px 18px;background:var(--accent);color:var(--accent-ink)}",
    ".head-text{flex:1;min-width:0}",
    ".title{margin:0;font-size:16px;font-weight:650;line-height:1.25}",
    ".subtitle{margin:2px 0 0;font-size:12.5px;opacity:.85}",
    ".icon-btn{flex:none;border:0;background:transparent;color:inherit;width:34px;height:34px;border-radius:10px;",
    "display:grid;place-items:center;cursor:pointer}",
    ".icon-btn:hover{background:rgba(255,255,255,.16)}",
    ".head .icon-btn:focus-visible{outline-color:#fff;outline-offset:-3px}",
    ".icon-btn svg{width:18px;height:18px}",
    ".log{flex:1;overflow-y:auto;padding:18px 16px 8px;background:var(--bg-soft)}",
    ".welcome{margin:4px 4px 14px;color:var(--muted);font-size:14px}",
    ".welcome strong{display:block;color:var(--ink);font-size:15px;margin-bottom:4px}",
    ".msg{margin:0 0 14px;display:flex}",
    ".msg.user{justify-content:flex-end}",
    ".bubble{max-width:88%;padding:10px 14px;border-radius:16px;overflow-wrap:anywhere}",
    ".user .bubble{background:var(--accent);color:var(--accent-ink);border-bottom-right-radius:5px;white-space:pre-wrap}",
    ".assistant .bubble{max-width:100%;width:100%;background:var(--bg);border:1px solid var(--line);border-bottom-left-radius:5px}",
    ".answer p{margin:0 0 .6em;white-space:pre-wrap}",
    ".answer p:last-child{margin-bottom:0}",
    ".answer.streaming p:last-child::after{content:'';display:inline-block;width:7px;height:1em;margin-left:2px;",
    "vertical-align:-2px;background:var(--accent);opacity:.6;animation:blink 1s steps(2) infinite}",
    "@keyframes blink{50%{opacity:0}}",
    ".thinking{display:flex;align-items:center;gap:8px;color:var(--muted);font-size:14px}",
    ".dots{display:inline-flex;gap:4px}",
    ".dots i{width:6px;height:6px;border-radius:50%;background:var(--accent);opacity:.35;animation:pulse 1.2s infinite ease-in-out}",
    ".dots i:nth-child(2){animation-delay:.15s}.dots i:nth-child(3){animation-delay:.3s}",
    "@keyframes pulse{0%,80%,100%{opacity:.25;transform:scale(.8)}40%{opacity:1;transform:scale(1)}}",
    ".cite{display:inline-block;min-width:20px;height:20px;margin:0 1px;padding:0 5px;border:0;border-radius:6px;",
    "background:var(--accent-soft);color:var(--accent);font-size:11.5px;font-weight:700;line-height:20px;",
    "vertical-align:2px;cursor:pointer;text-align:center}",
    ".cite:hover,.cite[aria-expanded=true]{background:var(--accent);color:var(--accent-ink)}",
    ".notice{margin:10px 0 0;padding:8px 10px;border-radius:10px;background:#fff7e6;color:#7a4b00;font-size:13px}",
    ".abstained .answer{color:var(--muted)}",
    /* the direct answer leads the reply; the rest of the answer follows in normal text */
    ".answer .direct{margin:0 0 .55em;font-size:19px;font-weight:700;line-height:1.35;letter-spacing:-.005em}",
    ".answer .direct:not(:last-child){padding-bottom:.55em;border-bottom:1px solid var(--line)}",
    ".direct .cite{vertical-align:3px}",
    ".conflict{display:inline-flex;align-items:center;gap:6px;margin:0 0 8px;padding:2px 10px;border-radius:999px;",
    "background:#fff7e6;color:#7a4b00;border:1px solid #f1d7a1;font-size:12px;font-weight:700;letter-spacing:.02em}",
    ".conflict::before{content:'';width:7px;height:7px;border-radius:50%;background:#d48a00}",
    ".error-text{color:#a1261b;margin:0}",
    ".feedback{display:flex;align-items:center;gap:6px;margin:10px 0 0;color:var(--muted);font-size:12.5px}",
    ".vote{border:1px solid var(--line);background:var(--bg);border-radius:8px;width:34px;height:30px;cursor:pointer;",
    "font-size:15px;line-height:1}",
    ".vote:hover{background:var(--bg-soft)}",
    ".vote[aria-pressed=true]{background:var(--accent-soft);border-color:var(--accent)}",
    ".retry{margin-top:8px;border:1px solid var(--line);background:var(--bg);border-radius:8px;padding:4px 12px;cursor:pointer;font-size:13px}",
    ".sources{margin:12px 0 0;padding-top:10px;border-top:1px solid var(--line)}",
    ".sources h3,.passages summary{margin:0 0 6px;font-size:11.5px;font-weight:700;letter-spacing:.06em;text-transform:uppercase;color:var(--muted)}",
    ".sources ol{list-style:none;margin:0;padding:0}",
    ".sources li{padding:6px 0;border-top:1px dashed var(--line)}",
    ".sources li:first-child{border-top:0}",
    ".sources a{color:var(--ink);font-weight:600;font-size:14px;text-decoration:none}",
    ".sources a:hover{color:var(--accent);text-decoration:underline}",
    ".meta{display:block;color:var(--muted);font-size:12.5px}",
    ".passages{margin-top:8px}",
    ".passages summary{cursor:pointer;margin:0;padding:4px 0}",
    ".passage{margin:8px 0 0;padding:8px 10px;border-radius:10px;background:var(--bg-soft);font-size:13px}",
    ".passage b{display:block;font-size:12.5px;margin-bottom:2px}",
    ".passage p{margin:0;white-space:pre-wrap;overflow-wrap:anywhere;color:#3a4150}",
    /* citation card: a sheet over the bottom of the log */
    ".card{position:absolute;left:12px;right:12px;bottom:84px;z-index:2;max-height:62%;overflow:auto;padding:16px 16px 14px;",
    "background:var(--bg);border-radius:14px;border:1px solid var(--line);box-shadow:0 12px 36px rgba(20,28,48,.25);",
    "animation:rise .16s ease-out}",
    "@keyframes rise{from{opacity:0;transform:translateY(8px)}}",
    ".card-top{display:flex;align-items:flex-start;gap:8px}",
    ".card-n{flex:none;min-width:24px;height:24px;padding:0 6px;border-radius:7px;background:var(--accent);color:var(--accent-ink);",
    "font-size:12.5px;font-weight:700;line-height:24px;text-align:center}",
    ".card h3{flex:1;margin:1px 0 0;font-size:15px;line-height:1.3}",
    ".card .icon-btn{width:28px;height:28px;margin:-4px -6px 0 0;color:var(--muted)}",
    ".card .icon-btn:hover{background:var(--bg-soft)}",
    ".card .meta{margin:4px 0 0 32px}",
    ".card blockquote{margin:12px 0;padding:10px 12px;border-left:3px solid var(--accent);background:var(--accent-soft);",
    "border-radius:0 10px 10px 0;font-size:14px;white-space:pre-wrap;overflow-wrap:anywhere}",
    ".card mark{background:#ffe27a;color:inherit;border-radius:3px;padding:0 .12em;box-shadow:0 1px 0 #e0b93a}",
    ".card a{display:inline-flex;align-items:center;gap:6px;color:var(--accent);font-weight:600;font-size:14px;text-decoration:none}",
    ".card a:hover{text-decoration:underline}",
    ".card a svg{width:14px;height:14px}",
    /* composer */
    ".form{display:flex;align-items:flex-end;gap:8px;padding:12px;border-top:1px solid var(--line);background:var(--bg)}",
    ".field{flex:1;min-width:0}",
    ".input{display:block;width:100%;min-height:44px;max-height:132px;resize:none;padding:11px 14px;border:1px solid #cdd2dc;",
    "border-radius:12px;background:var(--bg);line-height:1.4;overflow-y:auto}",
    ".input:focus-visible{outline:2px solid var(--accent);outline-offset:0;border-color:var(--accent)}",
    ".send{flex:none;width:44px;height:44px;border:0;border-radius:12px;background:var(--accent);color:var(--accent-ink);",
    "display:grid;place-items:center;cursor:pointer}",
    ".send:disabled{background:#aeb6c9;cursor:not-allowed}",
    ".send svg{width:20px;height:20px}",
    ".foot{padding:0 12px 10px;background:var(--bg);color:var(--muted);font-size:11.5px;text-align:center}",
    /* phones: the panel takes the whole screen and covers the launcher */
    "@media (max-width:480px){",
    ".panel{inset:0;width:100%;max-width:none;height:100%;max-height:none;border-radius:0;border:0}",
    ".open .launcher{display:none}",
    ".bubble{max-width:92%}",
    ".card{bottom:80px;max-height:70%}}",
    "@media (prefers-reduced-motion:reduce){*{animation:none!important;transition:none!important;scroll-behavior:auto!important}}",
  ].join("\n");

  var ICONS = {
    chat: "M4 5.5A2.5 2.5 0 0 1 6.5 3h11A2.5 2.5 0 0 1 20 5.5v8a2.5 2.5 0 0 1-2.5 2.5H10l-4.2 3.6c-.5.4-1.3.1-1.3-.6V16A2.5 2.5 0 0 1 4 13.5z",
    close: "M6 6l12 12M18 6L6 18",
    send: "M4 12l15-7-5.5 15-2.5-6.5z",
    reset: "M4 12a8 8 0 1 0 2.4-5.7M4 4v4.5h4.5",
    external: "M14 4h6v6M20 4l-9 9M18 14v5a1 1 0 0 1-1 1H5a1 1 0 0 1-1-1V7a1 1 0 0 1 1-1h5",
  };

  /* ---- small DOM helpers: every string goes in as text ---- */

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    if (attrs) {
      for (var key in attrs) {
        var value = attrs[key];
        if (value === null || value === undefined || value === false) continue;
        if (key === "class") node.className = value;
        else if (key === "text") node.textContent = value;
        else if (key.slice(0, 2) === "on") node.addEventListener(key.slice(2), value);
        else node.setAttribute(key, value === true ? "" : String(value));
      }
    }
    (children || []).forEach(function (child) {
      if (child === null || child === undefined) return;
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  function icon(name, filled) {
    var ns = "http://www.w3.org/2000/svg";
    var svg = document.createElementNS(ns, "svg");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("focusable", "false");
    var path = document.createElementNS(ns, "path");
    path.setAttribute("d", ICONS[name]);
    path.setAttribute("fill", filled ? "currentColor" : "none");
    path.setAttribute("stroke", "currentColor");
    path.setAttribute("stroke-width", filled ? "1.5" : "2");
    path.setAttribute("stroke-linecap", "round");
    path.setAttribute("stroke-linejoin", "round");
    svg.appendChild(path);
    return svg;
  }

  function emit(name, detail) {
    window.dispatchEvent(new CustomEvent("archive-chat:" + name, { detail: detail }));
  }

  /* ---- formatting ---- */

  var dateFormat = new Intl.DateTimeFormat(undefined, { year: "numeric", month: "short", day: "numeric", timeZone: "UTC" });

  function isoDay(published) {
    var m = /^(\d{4})-(\d{2})-(\d{2})/.exec(published || "");
    return m ? m[0] : null;
  }

  function formatDate(published) {
    var day = isoDay(published);
    if (!day) return published || "";
    var parts = day.split("-").map(Number);
    return dateFormat.format(new Date(Date.UTC(parts[0], parts[1] - 1, parts[2])));
  }

  /** Newest first, undated last; ties keep the server's order (Array#sort is stable). */
  function byDateDesc(articles) {
    return articles.slice().sort(function (a, b) {
      var da = isoDay(a.published), db = isoDay(b.published);
      if (da === db) return 0;
      if (!da) return 1;
      if (!db) return -1;
      return da < db ? 1 : -1;
    });
  }

  function articleUrl(id) {
    return config.api + "/v1/articles/" + encodeURIComponent(id);
  }

  /** Only http(s) links leave the widget; anything else (javascript:, data:) falls back. */
  function safeHref(candidate, fallback) {
    if (!candidate) return fallback;
    try {
      var url = new URL(candidate, location.href);
      return url.protocol === "http:" || url.protocol === "https:" ? url.href : fallback;
    } catch (e) {
      return fallback;
    }
  }

  /* ---- the direct answer and its highlight (pure, exposed as ArchiveChat.helpers) ---- */

  /**
   * The answer's lead sentence, which states the direct answer, and the rest; null when the first
   * sentence of the first paragraph does not contain `direct` (then nothing is set apart).
   * The lead ends at the first sentence end after the phrase (so a "." inside it, as in "St. Louis"
   * or "3.5", does not count); a "." right after its marker is dropped: the line reads like a heading.
   *   splitLead("Lisbon [1]. It hosts the summit [2].", "Lisbon") → {lead: "Lisbon [1]", rest: "It hosts the summit [2]."}
   */
  function splitLead(text, direct) {
    if (typeof text !== "string" || typeof direct !== "string" || !direct.trim()) return null;
    text = text.replace(/^\s+/, "");
    var para = text.search(/\n{2,}/);
    var limit = para < 0 ? text.length : para;
    var at = text.indexOf(direct);
    if (at < 0 || at + direct.length > limit || /[.!?](\s|$)/.test(text.slice(0, at))) return null;
    var end = /[.!?](?=\s|$)/g;
    end.lastIndex = at + direct.length;
    var found = end.exec(text);
    var cut = found && found.index < limit ? found.index + 1 : limit;
    return { lead: text.slice(0, cut).replace(/\]\s*\.$/, "]"), rest: text.slice(cut).replace(/^\s+/, "") };
  }

  /**
   * [before, marked, after] for a [start, end) span of `quote`, or null when the span is missing,
   * empty or does not fit. Offsets count code points (as the server does), not UTF-16 units.
   *   splitHighlight("Lisbon won", [0, 6]) → ["", "Lisbon", " won"]
   */
  function splitHighlight(quote, span) {
    if (typeof quote !== "string" || !Array.isArray(span) || span.length !== 2) return null;
    var start = span[0], end = span[1];
    if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || start >= end) return null;
    var chars = Array.from(quote);
    if (end > chars.length) return null;
    return [chars.slice(0, start).join(""), chars.slice(start, end).join(""), chars.slice(end).join("")];
  }

  function describeError(status, body) {
    var detail = body && body.detail;
    if (Array.isArray(detail)) {
      // FastAPI validation errors: [{loc, msg, type}, ...]
      detail = detail.map(function (d) { return (d && d.msg) || JSON.stringify(d); }).join("; ");
    } else if (detail && typeof detail === "object") {
      detail = JSON.stringify(detail);
    }
    if (detail) return String(detail);
    if (status === 429) return "Too many questions — please wait a moment and try again.";
    return "The archive could not answer (HTTP " + status + ").";
  }

  /* ---- server-sent events over fetch ---- */

  /** Parse one SSE block ("event: x\ndata: {...}") into {event, data}; data is JSON when it parses. */
  function parseEvent(block) {
    var name = "message", lines = [];
    block.split("\n").forEach(function (line) {
      if (!line || line.charAt(0) === ":") return;
      var i = line.indexOf(":");
      var field = i < 0 ? line : line.slice(0, i);
      var value = i < 0 ? "" : line.slice(i + 1).replace(/^ /, "");
      if (field === "event") name = value;
      else if (field === "data") lines.push(value);
    });
    if (!lines.length) return null;
    var raw = lines.join("\n");
    try {
      return { event: name, data: JSON.parse(raw) };
    } catch (e) {
      return { event: name, data: raw };
    }
  }

  async function readEvents(response, onEvent) {
    var reader = response.body.getReader();
    var decoder = new TextDecoder();
    var buffer = "";
    for (;;) {
      var chunk = await reader.read();
      if (chunk.done) break;
      buffer += decoder.decode(chunk.value, { stream: true }).replace(/\r\n?/g, "\n");
      var cut;
      while ((cut = buffer.indexOf("\n\n")) >= 0) {
        var parsed = parseEvent(buffer.slice(0, cut));
        buffer = buffer.slice(cut + 2);
        if (parsed && onEvent(parsed) === false) {
          reader.cancel().catch(function () {});
          return;
        }
      }
    }
    var tail = parseEvent((buffer + decoder.decode()).trim());
    if (tail) onEvent(tail);
  }

  /* ---- the widget ---- */

  function mount() {
    var host = el("div", { id: "archive-chat-widget", "data-archive-chat": "" });
    var shadow = host.attachShadow({ mode: "open" });
    var state = { open: false, busy: false, history: [], controller: null, cardFor: null };

    var input = el("textarea", {
      class: "input", id: "ac-input", rows: "1", placeholder: "Ask about the archive…",
      autocomplete: "off", enterkeyhint: "send", maxlength: "2000",
    });
    var send = el("button", { class: "send", type: "submit", "aria-label": "Send question" }, [icon("send", true)]);
    var form = el("form", { class: "form", novalidate: true }, [
      el("div", { class: "field" }, [el("label", { class: "sr-only", for: "ac-input", text: "Your question" }), input]),
      send,
    ]);
    var welcome = el("div", { class: "welcome" }, [
      el("strong", { text: "Ask anything the archive covers." }),
      "Every claim links to the sentence it quotes — select a number to read it.",
    ]);
    var log = el("div", { class: "log", role: "log", "aria-live": "polite", "aria-label": "Conversation" }, [welcome]);
    var card = el("section", { class: "card", role: "region", "aria-label": "Citation", hidden: true, tabindex: "-1" });
    var panel = el("div", {
      class: "panel", id: "ac-panel", role: "dialog", "aria-label": config.title, "aria-modal": "false", hidden: true,
    }, [
      el("header", { class: "head" }, [
        el("div", { class: "head-text" }, [
          el("h2", { class: "title", text: config.title }),
          el("p", {
            class: "subtitle",
            text: config.asOf ? "Answers quote the archive as of " + formatDate(config.asOf) : "Answers quote the news archive",
          }),
        ]),
        el("button", { class: "icon-btn", type: "button", "aria-label": "New conversation", title: "New conversation", onclick: reset }, [icon("reset")]),
        el("button", { class: "icon-btn", type: "button", "aria-label": "Close chat", title: "Close", onclick: function () { close(true); } }, [icon("close")]),
      ]),
      log,
      card,
      form,
      el("div", { class: "foot", text: "Answers are drawn only from archived articles." }),
    ]);
    var launcher = el("button", {
      class: "launcher", type: "button", "aria-label": "Open archive chat", "aria-expanded": "false",
      "aria-controls": "ac-panel", title: "Ask the archive", onclick: function () { state.open ? close(true) : open(); },
    }, [icon("chat", true)]);
    var root = el("div", { class: "root" }, [panel, launcher]);

    shadow.appendChild(el("style", { text: CSS }));
    shadow.appendChild(root);
    document.body.appendChild(host);

    function open() {
      if (state.open) return;
      state.open = true;
      panel.hidden = false;
      root.classList.add("open");
      launcher.setAttribute("aria-expanded", "true");
      input.focus();
      emit("open", {});
    }

    function close(restoreFocus) {
      if (!state.open) return;
      closeCard(false);
      state.open = false;
      panel.hidden = true;
      root.classList.remove("open");
      launcher.setAttribute("aria-expanded", "false");
      if (restoreFocus) launcher.focus();
      emit("close", {});
    }

    function reset() {
      if (state.controller) state.controller.abort();
      state.history = [];
      closeCard(false);
      log.replaceChildren(welcome);
      input.value = "";
      autosize();
      input.focus();
    }

    function autosize() {
      input.style.height = "auto";
      input.style.height = Math.min(input.scrollHeight + 2, 132) + "px";
    }

    function scrollToEnd() {
      log.scrollTop = log.scrollHeight;
    }

    function setBusy(busy) {
      state.busy = busy;
      send.disabled = busy;
      panel.setAttribute("aria-busy", busy ? "true" : "false");
    }

    /* -- citation card -- */

    function openCard(citation, button) {
      if (state.cardFor) state.cardFor.setAttribute("aria-expanded", "false");
      state.cardFor = button;
      button.setAttribute("aria-expanded", "true");
      var href = safeHref(citation.link || citation.url, articleUrl(citation.article_id));
      var meta = [citation.source, formatDate(citation.published)].filter(Boolean).join(" · ");
      card.setAttribute("aria-label", "Citation " + citation.n);
      card.replaceChildren(
        el("div", { class: "card-top" }, [
          el("span", { class: "card-n", "aria-hidden": "true", text: String(citation.n) }),
          el("h3", { text: citation.title || "Untitled article" }),
          el("button", {
            class: "icon-btn", type: "button", "aria-label": "Close citation", onclick: function () { closeCard(true); },
          }, [icon("close")]),
        ]),
        meta ? el("span", { class: "meta", text: meta }) : null,
        renderQuote(citation, href),
        el("a", { href: href, target: "_blank", rel: "noopener noreferrer" }, ["Read the highlighted passage", icon("external")]),
      );
      card.hidden = false;
      // Leave room under the conversation so nothing is stuck behind the card, and keep the marker in view.
      log.style.paddingBottom = card.offsetHeight + 16 + "px";
      var b = button.getBoundingClientRect(), top = log.getBoundingClientRect().top, cardTop = card.getBoundingClientRect().top;
      if (b.bottom > cardTop - 12) log.scrollTop += b.bottom - cardTop + 24;
      else if (b.top < top) log.scrollTop -= top - b.top + 12;
      card.focus({ preventScroll: true });
    }

    /** The quote as text, the direct answer's span (if the server sent one that fits) inside <mark>. */
    function renderQuote(citation, href) {
      var quote = citation.quote || "";
      var parts = splitHighlight(quote, citation.highlight);
      if (!parts) return el("blockquote", { cite: href, text: quote });
      return el("blockquote", { cite: href }, [parts[0], el("mark", { text: parts[1] }), parts[2]]);
    }

    function closeCard(restoreFocus) {
      if (card.hidden) return false;
      card.hidden = true;
      log.style.paddingBottom = "";
      var button = state.cardFor;
      state.cardFor = null;
      if (button) {
        button.setAttribute("aria-expanded", "false");
        if (restoreFocus && button.isConnected) button.focus();
      }
      return true;
    }

    /* -- rendering an answer -- */

    /** Paragraphs of text where each [n] (or [n, m]) with a known citation becomes a button. */
    function renderAnswer(text, citations) {
      return (text || "").split(/\n{2,}/).map(function (para) { return withCitations(el("p"), para, citations); });
    }

    /** Append `text` to `node`, each [n] (or [n, m]) with a known citation as a button; returns `node`. */
    function withCitations(node, text, citations) {
      var byN = {};
      (citations || []).forEach(function (c) { byN[c.n] = c; });
      var marker = /\[(\d{1,3}(?:\s*,\s*\d{1,3})*)\]/g;
      var last = 0, m;
      while ((m = marker.exec(text))) {
        var numbers = m[1].split(",").map(function (s) { return Number(s.trim()); });
        if (!numbers.every(function (n) { return byN[n]; })) continue; // not a citation: leave as text
        node.appendChild(document.createTextNode(text.slice(last, m.index)));
        numbers.forEach(function (n) { node.appendChild(citeButton(byN[n])); });
        last = marker.lastIndex;
      }
      node.appendChild(document.createTextNode(text.slice(last)));
      return node;
    }

    /** The final answer: its lead sentence set apart when there is a direct answer, then the rest. */
    function renderFinal(result, text, citations) {
      var split = result.abstained ? null : splitLead(text, result.direct);
      if (!split) return renderAnswer(text, citations);
      var lead = withCitations(el("p", { class: "direct" }), split.lead, citations);
      return [lead].concat(split.rest ? renderAnswer(split.rest, citations) : []);
    }

    function citeButton(citation) {
      return el("button", {
        class: "cite", type: "button", "aria-label": "Citation " + citation.n, "aria-expanded": "false",
        "aria-controls": "ac-card", "data-n": citation.n, text: String(citation.n),
        onclick: function (event) {
          var button = event.currentTarget;
          if (state.cardFor === button && !card.hidden) closeCard(true);
          else openCard(citation, button);
        },
      });
    }

    function renderSources(articles, abstained) {
      if (!articles || !articles.length) return null;
      var heading = abstained ? "Closest articles in the archive" : "Sources";
      return el("section", { class: "sources", "aria-label": heading }, [
        el("h3", { text: heading }),
        el("ol", null, byDateDesc(articles).map(function (a) {
          var day = isoDay(a.published);
          return el("li", { "data-published": day || "" }, [
            el("a", {
              href: safeHref(a.url, articleUrl(a.article_id)), target: "_blank", rel: "noopener noreferrer",
              text: a.title || "Untitled article",
            }),
            el("span", { class: "meta" }, [
              a.source ? a.source : null,
              a.source && day ? " · " : null,
              day ? el("time", { datetime: day, text: formatDate(day) }) : null,
              !a.source && !day ? "Undated" : null,
            ]),
          ]);
        })),
      ]);
    }

    function renderPassages(passages) {
      if (!passages || !passages.length) return null;
      return el("details", { class: "passages" }, [
        el("summary", { text: "Retrieved passages (" + passages.length + ")" }),
      ].concat(passages.map(function (p) {
        return el("div", { class: "passage" }, [el("b", { text: p.title || "" }), el("p", { text: p.text || "" })]);
      })));
    }

    /** 👍/👎 under a reply: real buttons (Tab, Enter, Space), the chosen one aria-pressed. */
    function renderFeedback(answerId) {
      var status = el("span", { class: "vote-status", role: "status" });
      var sending = false;
      var buttons = [[true, "\u{1F44D}", "Helpful"], [false, "\u{1F44E}", "Not helpful"]].map(function (v) {
        return el("button", {
          class: "vote", type: "button", "aria-label": v[2], title: v[2], "aria-pressed": "false",
          onclick: function (event) { vote(v[0], event.currentTarget); },
        }, [el("span", { "aria-hidden": "true", text: v[1] })]);
      });

      async function vote(helpful, button) {
        if (sending || button.getAttribute("aria-pressed") === "true") return;
        sending = true;
        status.textContent = "Sending…";
        var result = { answer_id: answerId, helpful: helpful, status: 0 };
        try {
          var response = await fetch(config.api + "/v1/feedback", {
            method: "POST",
            headers: { "Content-Type": "application/json" },
            body: JSON.stringify({ answer_id: answerId, helpful: helpful }),
          });
          result.status = response.status;
          if (response.ok) {
            buttons.forEach(function (b) { b.setAttribute("aria-pressed", b === button ? "true" : "false"); });
            status.textContent = "Thanks for your feedback.";
          } else {
            var payload = null;
            try { payload = await response.json(); } catch (e) { /* not JSON: fall back to the status */ }
            result.detail = status.textContent = describeError(response.status, payload);
          }
        } catch (error) {
          result.detail = status.textContent = "Could not send your feedback. Please try again.";
        } finally {
          sending = false;
          emit("feedback", result);
        }
      }

      return el("div", { class: "feedback", role: "group", "aria-label": "Was this answer helpful?" },
        [el("span", { text: "Helpful?" })].concat(buttons, [status]));
    }

    /* -- asking -- */

    async function ask(question) {
      question = (question || "").trim();
      if (!question || state.busy) return;
      open();
      closeCard(false);
      if (welcome.isConnected) welcome.remove();

      log.appendChild(el("div", { class: "msg user" }, [el("div", { class: "bubble", text: question })]));
      var status = el("span", { text: "Searching the archive…" });
      var thinking = el("div", { class: "thinking" }, [
        el("span", { class: "dots", "aria-hidden": "true" }, [el("i"), el("i"), el("i")]), status,
      ]);
      var answerBox = el("div", { class: "answer" });
      var bubble = el("div", { class: "bubble", "aria-busy": "true" }, [thinking, answerBox]);
      var message = el("div", { class: "msg assistant" }, [bubble]);
      log.appendChild(message);
      scrollToEnd();
      setBusy(true);

      var body = { question: question, history: state.history.slice(-MAX_HISTORY) };
      if (config.asOf) body.as_of = config.asOf;
      if (config.mode) body.mode = config.mode;
      emit("request", { question: question, body: body });

      var streamed = "", count = 0, finished = false, citations = [], passages = null;
      var controller = (state.controller = new AbortController());

      function showText(text) {
        thinking.remove();
        answerBox.classList.add("streaming");
        answerBox.replaceChildren.apply(answerBox, text.split(/\n{2,}/).map(function (para) { return el("p", { text: para }); }));
      }

      function fail(status, detail) {
        finished = true;
        thinking.remove();
        answerBox.classList.remove("streaming");
        bubble.appendChild(el("p", { class: "error-text", role: "alert", text: detail }));
        if (status !== 422) {
          bubble.appendChild(el("button", {
            class: "retry", type: "button", text: "Try again",
            onclick: function () {
              if (state.busy) return;
              var asked = message.previousElementSibling; // drop the failed exchange, then ask again
              message.remove();
              if (asked && asked.classList.contains("user")) asked.remove();
              ask(question);
            },
          }));
        }
        emit("error", { status: status, detail: detail });
      }

      function finish(result) {
        finished = true;
        var text = typeof result.answer === "string" ? result.answer : streamed;
        citations = result.citations || citations;
        thinking.remove();
        answerBox.classList.remove("streaming");
        answerBox.replaceChildren.apply(answerBox, renderFinal(result, text, citations));
        if (result.abstained) message.classList.add("abstained");
        if (result.conflict === true) bubble.insertBefore(el("p", { class: "conflict", text: "Conflicting sources" }), answerBox);
        if (result.notice) bubble.appendChild(el("p", { class: "notice", text: result.notice }));
        var articles = result.articles && result.articles.length ? result.articles : (passages && passages.articles) || [];
        var sources = renderSources(articles, result.abstained);
        if (sources) bubble.appendChild(sources);
        var details = renderPassages(result.passages || (passages && passages.passages));
        if (details) bubble.appendChild(details);
        if (typeof result.id === "string" && result.id) bubble.appendChild(renderFeedback(result.id));
        state.history.push({ role: "user", content: question }, { role: "assistant", content: text });
        emit("done", result);
      }

      function onEvent(ev) {
        var d = ev.data || {};
        switch (ev.event) {
          case "passages":
            passages = d;
            var n = (d.passages || []).length;
            status.textContent = n ? "Reading " + n + " passage" + (n === 1 ? "" : "s") + "…" : "Thinking…";
            emit("passages", d);
            break;
          case "delta":
            if (typeof d.text !== "string" || !d.text) break;
            streamed += d.text;
            count += 1;
            showText(streamed);
            scrollToEnd();
            emit("delta", { text: d.text, answer: streamed, count: count });
            break;
          case "citations":
            citations = d.citations || [];
            emit("citations", d);
            break;
          case "done":
            finish(d);
            return false;
          case "error":
            fail(d.status || 0, d.detail ? describeError(0, d) : "The answer failed — please try again.");
            return false;
        }
      }

      try {
        var response = await fetch(config.api + "/v1/answer/stream", {
          method: "POST",
          headers: { "Content-Type": "application/json", Accept: "text/event-stream" },
          body: JSON.stringify(body),
          signal: controller.signal,
        });
        if (!response.ok) {
          var payload = null;
          try { payload = await response.json(); } catch (e) { /* not JSON: fall back to the status */ }
          fail(response.status, describeError(response.status, payload));
        } else {
          await readEvents(response, onEvent);
          if (!finished) fail(0, streamed ? "The answer was cut off — please try again." : "The archive sent no answer.");
        }
      } catch (error) {
        if (controller.signal.aborted) message.remove();
        else if (!finished) fail(0, "Could not reach the archive. Check your connection and try again.");
      } finally {
        bubble.setAttribute("aria-busy", "false");
        if (state.controller === controller) state.controller = null;
        setBusy(false);
        scrollToEnd();
      }
    }

    /* -- keyboard and form -- */

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      if (state.busy) return;
      var question = input.value;
      if (!question.trim()) return;
      input.value = "";
      autosize();
      ask(question);
    });

    input.addEventListener("input", autosize);
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        form.requestSubmit ? form.requestSubmit() : send.click();
      }
    });

    // On the launcher too: Escape closes an open panel wherever focus is inside the widget.
    root.addEventListener("keydown", function (event) {
      if (event.key !== "Escape" || !state.open) return;
      event.stopPropagation();
      if (!closeCard(true)) close(true);
    });

    card.id = "ac-card";

    return { open: open, close: function () { close(false); }, ask: ask };
  }

  function start() {
    var widget = mount();
    window.ArchiveChat = { open: widget.open, close: widget.close, ask: widget.ask, helpers: HELPERS };
  }

  var HELPERS = { splitLead: splitLead, splitHighlight: splitHighlight };
  window.ArchiveChat = { open: function () {}, close: function () {}, ask: function () {}, helpers: HELPERS }; // replaced on mount
  if (document.body) start();
  else document.addEventListener("DOMContentLoaded", start, { once: true });
})();
