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
 *   citations  {citations: [{n, article_id, title, heading, url, published, source, quote, link, ...}]}
 *   done       the full answer {id, answer, citations, passages, articles, abstained, direct, conflict,
 *              confidence, respelled, mode, notice?}; each citation may carry highlight: [start, end) of the
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
 * holds the pure helpers (splitLead, splitHighlight, safeHref, linkMarkers, liveEdit, parseEvent,
 * sseParser) for tests — not a stable API.
 *
 * Layout of this file: config (read once from the script tag), pure helpers (text, links, markers,
 * SSE parsing), DOM helpers, then the widget as small functions over one explicit object
 * w = {config, state, ui}: panel, citation cards, rendering, asking. While an answer streams in, each
 * delta grows the last paragraph's text node or appends a paragraph; nothing shown is re-rendered
 * until the final answer replaces it with its linked citations.
 *
 * When the answer has a `direct` answer, its first sentence (the phrase and its marker, e.g.
 * "Lisbon [1].") becomes a prominent line above the rest; `conflict` adds a "Conflicting sources" label;
 * `respelled` (the question as searched, a mistyped word respelled) a "Searched for: …" line above the answer, which
 * says how to search a word as typed (in quotes);
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

  /* ==== config: read once from the script tag ==== */

  var MAX_HISTORY = 20; // messages (10 turns) — older turns rarely help and bloat the request

  /** The <script> element that loaded this file (currentScript is only set while it first runs). */
  function findScript() {
    if (document.currentScript) return document.currentScript;
    var all = document.querySelectorAll("script[src]");
    for (var i = all.length - 1; i >= 0; i--) {
      if (/widget\.js(\?|#|$)/.test(all[i].src)) return all[i];
    }
    return null;
  }

  /** {api, title, asOf, mode} from the script tag's data attributes (documented at the top of this file). */
  function readConfig(script) {
    var data = (script && script.dataset) || {};
    return {
      api: apiBase(script),
      title: data.title || "Ask the archive",
      asOf: /^\d{4}-\d{2}-\d{2}$/.test(data.asOf || "") ? data.asOf : null,
      mode: data.mode || null,
    };
  }

  function apiBase(script) {
    if (script && script.hasAttribute("data-api")) return script.getAttribute("data-api").replace(/\/+$/, "");
    if (script && script.src) return new URL(script.src, location.href).origin;
    return "";
  }

  var config = readConfig(findScript());

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
    ".respelled{margin:0 0 8px;color:var(--muted);font-size:13px}",
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

  /* ==== pure helpers: strings and data in, strings and data out (ArchiveChat.helpers, for tests) ==== */

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

  /**
   * Only http(s) links leave the widget; anything else (javascript:, data:) or unparsable falls back.
   * Relative links resolve against `base` (default: the page).
   *   safeHref("javascript:alert(1)", "/v1/articles/a") → "/v1/articles/a"
   */
  function safeHref(candidate, fallback, base) {
    if (!candidate) return fallback;
    try {
      var url = new URL(candidate, base || location.href);
      return url.protocol === "http:" || url.protocol === "https:" ? url.href : fallback;
    } catch (e) {
      return fallback;
    }
  }

  /**
   * The answer's lead sentence, which states the direct answer, and the rest; null when the first
   * sentence of the first paragraph does not contain `direct` (then nothing is set apart).
   * The lead ends at the first sentence end after the phrase (so a "." inside it, as in "St. Louis"
   * or "3.5", does not count), outside “…” (a commentary's headline: "Lisbon [1], according to “U.S. Bid
   * Fails”."); a "." right after its marker is dropped: the line reads like a heading.
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
    while (found && quoted(text.slice(at + direct.length, found.index))) found = end.exec(text);
    var cut = found && found.index < limit ? found.index + 1 : limit;
    return { lead: text.slice(0, cut).replace(/\]\s*\.$/, "]"), rest: text.slice(cut).replace(/^\s+/, "") };
  }

  /** An opening “ in `text` is still open at its end. */
  function quoted(text) {
    return text.split("\u201c").length > text.split("\u201d").length;
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

  /**
   * `text` cut at its citation markers: strings, and in place of a marker ("[1]" or "[1, 2]") the
   * citation of each of its numbers; a bracket whose numbers are not all known citations stays text.
   *   linkMarkers("Rose [1].", [{n: 1}]) → ["Rose ", {n: 1}, "."]
   */
  function linkMarkers(text, citations) {
    var byN = {};
    (citations || []).forEach(function (c) { byN[c.n] = c; });
    // rag.text.CITATION_MARKERS but for the group name (tests/rag/test_text.py holds the two together)
    var marker = /\[([0-9]{1,3}(?:\s*,\s*[0-9]{1,3})*)\]/g;
    var parts = [], last = 0, m;
    while ((m = marker.exec(text))) {
      var numbers = m[1].split(",").map(function (s) { return Number(s.trim()); });
      if (!numbers.every(function (n) { return byN[n]; })) continue;
      if (m.index > last) parts.push(text.slice(last, m.index));
      numbers.forEach(function (n) { parts.push(byN[n]); });
      last = marker.lastIndex;
    }
    if (last < text.length) parts.push(text.slice(last));
    return parts;
  }

  /** The paragraphs of an answer: the pieces between blank lines. */
  function paragraphs(text) {
    return (text || "").split(/\n{2,}/);
  }

  /**
   * How the live answer changes when its text has grown to `text` and `shown` paragraphs are on screen:
   * the new text of the last one shown (null when none is) and the paragraphs to add after it. Text only
   * grows at its end, so the paragraphs before the last one shown never change.
   *   liveEdit(1, "Rain fell.\n\nWind") → {last: "Rain fell.", added: ["Wind"]}
   */
  function liveEdit(shown, text) {
    var paras = paragraphs(text);
    return { last: shown ? paras[shown - 1] : null, added: paras.slice(shown) };
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

  /* ---- server-sent events ---- */

  /**
   * One SSE block into {event, data}; data is JSON when it parses; null for a block without data.
   *   parseEvent('event: delta\ndata: {"text": "a"}') → {event: "delta", data: {text: "a"}}
   */
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

  /**
   * An incremental SSE parser: push(text) returns the events that piece of the stream completes, end()
   * the one left unterminated. A piece may end anywhere: inside an event, a line or a "\r\n".
   */
  function sseParser() {
    var buffer = "";
    return {
      push: function (text) {
        var held = (buffer + text).slice(-1) === "\r" ? "\r" : ""; // may be the first half of a "\r\n"
        buffer = (buffer + text).slice(0, held ? -1 : undefined).replace(/\r\n?/g, "\n");
        var events = [], cut;
        while ((cut = buffer.indexOf("\n\n")) >= 0) {
          var parsed = parseEvent(buffer.slice(0, cut));
          buffer = buffer.slice(cut + 2);
          if (parsed) events.push(parsed);
        }
        buffer += held;
        return events;
      },
      end: function () {
        var parsed = parseEvent(buffer.replace(/\r\n?/g, "\n").trim());
        buffer = "";
        return parsed ? [parsed] : [];
      },
    };
  }

  var HELPERS = {
    splitLead: splitLead, splitHighlight: splitHighlight, safeHref: safeHref, linkMarkers: linkMarkers,
    liveEdit: liveEdit, parseEvent: parseEvent, sseParser: sseParser,
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

  /* ==== the widget: DOM built once; every function below takes the widget `w` = {config, state, ui} ==== */

  function buildUi(config) {
    var host = el("div", { id: "archive-chat-widget", "data-archive-chat": "" });
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
    var card = el("section", {
      class: "card", id: "ac-card", role: "region", "aria-label": "Citation", hidden: true, tabindex: "-1",
    });
    var reset = el("button", { class: "icon-btn", type: "button", "aria-label": "New conversation", title: "New conversation" }, [icon("reset")]);
    var closer = el("button", { class: "icon-btn", type: "button", "aria-label": "Close chat", title: "Close" }, [icon("close")]);
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
        reset,
        closer,
      ]),
      log,
      card,
      form,
      el("div", { class: "foot", text: "Answers are drawn only from archived articles." }),
    ]);
    var launcher = el("button", {
      class: "launcher", type: "button", "aria-label": "Open archive chat", "aria-expanded": "false",
      "aria-controls": "ac-panel", title: "Ask the archive",
    }, [icon("chat", true)]);
    var root = el("div", { class: "root" }, [panel, launcher]);
    var shadow = host.attachShadow({ mode: "open" });
    shadow.appendChild(el("style", { text: CSS }));
    shadow.appendChild(root);
    return {
      host: host, root: root, panel: panel, launcher: launcher, log: log, card: card, form: form, input: input,
      send: send, welcome: welcome, reset: reset, closer: closer,
    };
  }

  function wire(w) {
    var ui = w.ui;
    ui.launcher.addEventListener("click", function () { w.state.open ? close(w, true) : open(w); });
    ui.reset.addEventListener("click", function () { reset(w); });
    ui.closer.addEventListener("click", function () { close(w, true); });
    ui.form.addEventListener("submit", function (event) {
      event.preventDefault();
      if (w.state.busy) return;
      var question = ui.input.value;
      if (!question.trim()) return;
      ui.input.value = "";
      autosize(ui);
      ask(w, question);
    });
    ui.input.addEventListener("input", function () { autosize(ui); });
    ui.input.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        ui.form.requestSubmit ? ui.form.requestSubmit() : ui.send.click();
      }
    });
    // On the launcher too: Escape closes an open panel wherever focus is inside the widget.
    ui.root.addEventListener("keydown", function (event) {
      if (event.key !== "Escape" || !w.state.open) return;
      event.stopPropagation();
      if (!closeCard(w, true)) close(w, true);
    });
  }

  /* ---- panel ---- */

  function open(w) {
    if (w.state.open) return;
    w.state.open = true;
    w.ui.panel.hidden = false;
    w.ui.root.classList.add("open");
    w.ui.launcher.setAttribute("aria-expanded", "true");
    w.ui.input.focus();
    emit("open", {});
  }

  function close(w, restoreFocus) {
    if (!w.state.open) return;
    closeCard(w, false);
    w.state.open = false;
    w.ui.panel.hidden = true;
    w.ui.root.classList.remove("open");
    w.ui.launcher.setAttribute("aria-expanded", "false");
    if (restoreFocus) w.ui.launcher.focus();
    emit("close", {});
  }

  function reset(w) {
    if (w.state.controller) w.state.controller.abort();
    w.state.history = [];
    closeCard(w, false);
    w.ui.log.replaceChildren(w.ui.welcome);
    w.ui.input.value = "";
    autosize(w.ui);
    w.ui.input.focus();
  }

  function autosize(ui) {
    ui.input.style.height = "auto";
    ui.input.style.height = Math.min(ui.input.scrollHeight + 2, 132) + "px";
  }

  function scrollToEnd(ui) {
    ui.log.scrollTop = ui.log.scrollHeight;
  }

  function setBusy(w, busy) {
    w.state.busy = busy;
    w.ui.send.disabled = busy;
    w.ui.panel.setAttribute("aria-busy", busy ? "true" : "false");
  }

  /* ---- citation cards ---- */

  function articleUrl(config, id) {
    return config.api + "/v1/articles/" + encodeURIComponent(id);
  }

  function openCard(w, citation, button) {
    var card = w.ui.card, log = w.ui.log;
    if (w.state.cardFor) w.state.cardFor.setAttribute("aria-expanded", "false");
    w.state.cardFor = button;
    button.setAttribute("aria-expanded", "true");
    var href = safeHref(citation.link || citation.url, articleUrl(w.config, citation.article_id));
    var meta = [citation.source, formatDate(citation.published)].filter(Boolean).join(" · ");
    card.setAttribute("aria-label", "Citation " + citation.n);
    card.replaceChildren.apply(card, [
      el("div", { class: "card-top" }, [
        el("span", { class: "card-n", "aria-hidden": "true", text: String(citation.n) }),
        el("h3", { text: citation.heading || citation.title || "Untitled article" }),
        el("button", {
          class: "icon-btn", type: "button", "aria-label": "Close citation", onclick: function () { closeCard(w, true); },
        }, [icon("close")]),
      ]),
      meta ? el("span", { class: "meta", text: meta }) : null,
      renderQuote(citation, href),
      el("a", { href: href, target: "_blank", rel: "noopener noreferrer" }, ["Read the highlighted passage", icon("external")]),
    ].filter(Boolean));  // an undated piece of no outlet has no meta line (replaceChildren would print "null")
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

  function closeCard(w, restoreFocus) {
    if (w.ui.card.hidden) return false;
    w.ui.card.hidden = true;
    w.ui.log.style.paddingBottom = "";
    var button = w.state.cardFor;
    w.state.cardFor = null;
    if (button) {
      button.setAttribute("aria-expanded", "false");
      if (restoreFocus && button.isConnected) button.focus();
    }
    return true;
  }

  function citeButton(w, citation) {
    return el("button", {
      class: "cite", type: "button", "aria-label": "Citation " + citation.n, "aria-expanded": "false",
      "aria-controls": "ac-card", "data-n": citation.n, text: String(citation.n),
      onclick: function (event) {
        var button = event.currentTarget;
        if (w.state.cardFor === button && !w.ui.card.hidden) closeCard(w, true);
        else openCard(w, citation, button);
      },
    });
  }

  /* ---- rendering a finished answer ---- */

  /** `node` with `text` appended, each [n] (or [n, m]) with a known citation as a button. */
  function withCitations(w, node, text, citations) {
    linkMarkers(text, citations).forEach(function (part) {
      node.appendChild(typeof part === "string" ? document.createTextNode(part) : citeButton(w, part));
    });
    return node;
  }

  function renderAnswer(w, text, citations) {
    return paragraphs(text).map(function (para) { return withCitations(w, el("p"), para, citations); });
  }

  /** The final answer: its lead sentence set apart when there is a direct answer, then the rest. */
  function renderFinal(w, result, text, citations) {
    var split = result.abstained ? null : splitLead(text, result.direct);
    if (!split) return renderAnswer(w, text, citations);
    var lead = withCitations(w, el("p", { class: "direct" }), split.lead, citations);
    return [lead].concat(split.rest ? renderAnswer(w, split.rest, citations) : []);
  }

  function renderSources(config, articles, abstained) {
    if (!articles || !articles.length) return null;
    var heading = abstained ? "Closest articles in the archive" : "Sources";
    return el("section", { class: "sources", "aria-label": heading }, [
      el("h3", { text: heading }),
      el("ol", null, byDateDesc(articles).map(function (a) {
        var day = isoDay(a.published);
        return el("li", { "data-published": day || "" }, [
          el("a", {
            href: safeHref(a.url, articleUrl(config, a.article_id)), target: "_blank", rel: "noopener noreferrer",
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
  function renderFeedback(config, answerId) {
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
          result.detail = status.textContent = describeError(response.status, await jsonOrNull(response));
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

  async function jsonOrNull(response) {
    try {
      return await response.json();
    } catch (e) {
      return null; // not JSON: the caller falls back to the status
    }
  }

  /* ---- asking: one reply, from the request to the last event ---- */

  /** The question's and the reply's bubbles, appended to the log; the reply's state travels with it. */
  function startReply(w, question) {
    w.ui.log.appendChild(el("div", { class: "msg user" }, [el("div", { class: "bubble", text: question })]));
    var status = el("span", { text: "Searching the archive…" });
    var thinking = el("div", { class: "thinking" }, [
      el("span", { class: "dots", "aria-hidden": "true" }, [el("i"), el("i"), el("i")]), status,
    ]);
    var answerBox = el("div", { class: "answer" });
    var bubble = el("div", { class: "bubble", "aria-busy": "true" }, [thinking, answerBox]);
    var message = el("div", { class: "msg assistant" }, [bubble]);
    w.ui.log.appendChild(message);
    return {
      question: question, message: message, bubble: bubble, thinking: thinking, status: status, answerBox: answerBox,
      streamed: "", count: 0, finished: false, citations: [], passages: null,
    };
  }

  function requestBody(w, question) {
    var body = { question: question, history: w.state.history.slice(-MAX_HISTORY) };
    if (w.config.asOf) body.as_of = w.config.asOf;
    if (w.config.mode) body.mode = w.config.mode;
    return body;
  }

  /** Handle one stream event; false ends the stream. */
  function onStreamEvent(w, reply, ev) {
    var d = ev.data || {};
    switch (ev.event) {
      case "passages":
        reply.passages = d;
        var n = (d.passages || []).length;
        reply.status.textContent = n ? "Reading " + n + " passage" + (n === 1 ? "" : "s") + "…" : "Thinking…";
        emit("passages", d);
        break;
      case "delta":
        if (typeof d.text !== "string" || !d.text) break;
        reply.streamed += d.text;
        reply.count += 1;
        showDelta(reply);
        scrollToEnd(w.ui);
        emit("delta", { text: d.text, answer: reply.streamed, count: reply.count });
        break;
      case "citations":
        reply.citations = d.citations || [];
        emit("citations", d);
        break;
      case "done":
        finishReply(w, reply, d);
        return false;
      case "error":
        failReply(w, reply, d.status || 0, d.detail ? describeError(0, d) : "The answer failed — please try again.");
        return false;
    }
  }

  /** The streamed text so far, on screen: the last paragraph grows in place, new paragraphs are appended. */
  function showDelta(reply) {
    var box = reply.answerBox;
    reply.thinking.remove();
    box.classList.add("streaming");
    var edit = liveEdit(box.childElementCount, reply.streamed);
    if (edit.last !== null) growText(box.lastElementChild, edit.last);
    edit.added.forEach(function (para) { box.appendChild(el("p", { text: para })); });
  }

  /** Set a paragraph's text in place: its text node keeps what it shares with `text`, and grows by the rest. */
  function growText(p, text) {
    var node = p.firstChild;
    if (!node || node.nodeType !== Node.TEXT_NODE) {
      p.textContent = text;
      return;
    }
    var old = node.data, k = 0;
    while (k < old.length && k < text.length && old.charCodeAt(k) === text.charCodeAt(k)) k++;
    if (k < old.length) node.deleteData(k, old.length - k); // a trailing "\n" that became a paragraph break
    if (k < text.length) node.appendData(text.slice(k));
  }

  function finishReply(w, reply, result) {
    reply.finished = true;
    var text = typeof result.answer === "string" ? result.answer : reply.streamed;
    var citations = (reply.citations = result.citations || reply.citations);
    var bubble = reply.bubble, passages = reply.passages;
    reply.thinking.remove();
    reply.answerBox.classList.remove("streaming");
    reply.answerBox.replaceChildren.apply(reply.answerBox, renderFinal(w, result, text, citations));
    if (result.abstained) reply.message.classList.add("abstained");
    if (typeof result.respelled === "string" && result.respelled) {
      var hint = " (put a word in quotes to search it as typed)";
      bubble.insertBefore(el("p", { class: "respelled", text: "Searched for: " + result.respelled + hint }), reply.answerBox);
    }
    if (result.conflict === true) bubble.insertBefore(el("p", { class: "conflict", text: "Conflicting sources" }), reply.answerBox);
    if (result.notice) bubble.appendChild(el("p", { class: "notice", text: result.notice }));
    var articles = result.articles && result.articles.length ? result.articles : (passages && passages.articles) || [];
    var sources = renderSources(w.config, articles, result.abstained);
    if (sources) bubble.appendChild(sources);
    var details = renderPassages(result.passages || (passages && passages.passages));
    if (details) bubble.appendChild(details);
    if (typeof result.id === "string" && result.id) bubble.appendChild(renderFeedback(w.config, result.id));
    w.state.history.push({ role: "user", content: reply.question }, { role: "assistant", content: text });
    emit("done", result);
  }

  function failReply(w, reply, status, detail) {
    reply.finished = true;
    reply.thinking.remove();
    reply.answerBox.classList.remove("streaming");
    reply.bubble.appendChild(el("p", { class: "error-text", role: "alert", text: detail }));
    if (status !== 422) {
      reply.bubble.appendChild(el("button", {
        class: "retry", type: "button", text: "Try again",
        onclick: function () {
          if (w.state.busy) return;
          var asked = reply.message.previousElementSibling; // drop the failed exchange, then ask again
          reply.message.remove();
          if (asked && asked.classList.contains("user")) asked.remove();
          ask(w, reply.question);
        },
      }));
    }
    emit("error", { status: status, detail: detail });
  }

  async function ask(w, question) {
    question = (question || "").trim();
    if (!question || w.state.busy) return;
    open(w);
    closeCard(w, false);
    if (w.ui.welcome.isConnected) w.ui.welcome.remove();
    var reply = startReply(w, question);
    scrollToEnd(w.ui);
    setBusy(w, true);
    var body = requestBody(w, question);
    emit("request", { question: question, body: body });

    var controller = (w.state.controller = new AbortController());
    try {
      var response = await fetch(w.config.api + "/v1/answer/stream", {
        method: "POST",
        headers: { "Content-Type": "application/json", Accept: "text/event-stream" },
        body: JSON.stringify(body),
        signal: controller.signal,
      });
      if (!response.ok) {
        failReply(w, reply, response.status, describeError(response.status, await jsonOrNull(response)));
      } else {
        await readEvents(response, function (ev) { return onStreamEvent(w, reply, ev); });
        if (!reply.finished) {
          failReply(w, reply, 0, reply.streamed ? "The answer was cut off — please try again." : "The archive sent no answer.");
        }
      }
    } catch (error) {
      if (controller.signal.aborted) reply.message.remove();
      else if (!reply.finished) failReply(w, reply, 0, "Could not reach the archive. Check your connection and try again.");
    } finally {
      reply.bubble.setAttribute("aria-busy", "false");
      if (w.state.controller === controller) w.state.controller = null;
      setBusy(w, false);
      scrollToEnd(w.ui);
    }
  }

  /** Read the SSE body of `response`, handing each event to `onEvent` until it returns false or the body ends. */
  async function readEvents(response, onEvent) {
    var reader = response.body.getReader();
    var decoder = new TextDecoder();
    var parser = sseParser();
    for (;;) {
      var chunk = await reader.read();
      var events = chunk.done
        ? parser.push(decoder.decode()).concat(parser.end())
        : parser.push(decoder.decode(chunk.value, { stream: true }));
      for (var i = 0; i < events.length; i++) {
        if (onEvent(events[i]) === false) {
          reader.cancel().catch(function () {});
          return;
        }
      }
      if (chunk.done) return;
    }
  }

  /* ==== start ==== */

  function mount() {
    var w = { config: config, state: { open: false, busy: false, history: [], controller: null, cardFor: null }, ui: buildUi(config) };
    document.body.appendChild(w.ui.host);
    wire(w);
    window.ArchiveChat = {
      open: function () { open(w); }, close: function () { close(w, false); }, ask: function (q) { return ask(w, q); },
      helpers: HELPERS,
    };
  }

  window.ArchiveChat = { open: function () {}, close: function () {}, ask: function () {}, helpers: HELPERS }; // replaced on mount
  if (document.body) mount();
  else document.addEventListener("DOMContentLoaded", mount, { once: true });
})();
