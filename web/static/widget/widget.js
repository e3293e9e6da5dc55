/*
 * Around Here chat widget. Embed with one tag:
 *   <script src="https://HOST/widget/widget.js" data-language="en" async></script>
 * Optional: data-exit-url="https://..." (where "Leave this site quickly" goes).
 *
 * Plain JavaScript, no build step. Everything is drawn in a Shadow DOM, so the host page's styles and
 * ours never mix. Text from the server or the assistant is only ever set with textContent. Strings come
 * from /widget/strings/<lang>.json (gettext catalogs on the server). The conversation is kept in
 * sessionStorage (this tab only) until it is cleared or the resident leaves quickly.
 */
(function () {
  "use strict";
  if (window.__aroundHereWidget) return;
  window.__aroundHereWidget = true;

  var script = document.currentScript;
  if (!script) {
    var found = document.querySelectorAll('script[src*="/widget/widget.js"]');
    script = found[found.length - 1];
  }
  if (!script || !script.src || !window.fetch || !window.URL || !Element.prototype.attachShadow) return;

  var BASE = new URL(".", script.src);
  var API = new URL("../chat/api/message", BASE).href;
  var LANGS = ["en", "pl", "ur", "ar"];
  var STORE = "around-here-chat";
  var MAX_ITEMS = 80;
  var EXIT_URL = httpUrl(script.getAttribute("data-exit-url")) || "https://www.bbc.co.uk/weather";

  var state = load();
  var lang = pick(state.lang) || pick(script.getAttribute("data-language")) || "en";
  var S = {}; // strings for `lang`
  var cache = {};
  var busy = null; // AbortController of the message in flight
  var leaving = false;
  var uid = 0;
  var ui = {};

  function pick(code) {
    code = String(code || "").toLowerCase().split("-")[0];
    return LANGS.indexOf(code) >= 0 ? code : null;
  }

  function httpUrl(value) {
    try {
      var url = new URL(value || "", document.baseURI);
      return /^https?:$/.test(url.protocol) && value ? url.href : null;
    } catch (e) {
      return null;
    }
  }

  function newSession() {
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return (b < 16 ? "0" : "") + b.toString(16); }).join("");
  }

  function load() {
    try {
      var saved = JSON.parse(window.sessionStorage.getItem(STORE) || "null");
      if (saved && /^[0-9a-f]{32}$/.test(saved.session) && Array.isArray(saved.items)) return saved;
    } catch (e) { /* storage blocked or damaged: start afresh */ }
    return { session: newSession(), items: [], open: false };
  }

  function save() {
    if (leaving) return;
    state.lang = lang;
    state.items = state.items.slice(-MAX_ITEMS);
    try { window.sessionStorage.setItem(STORE, JSON.stringify(state)); } catch (e) { /* not kept */ }
  }

  function fmt(template, values) {
    return String(template || "").replace(/\{(\w+)\}/g, function (all, key) {
      return values[key] === undefined || values[key] === null ? all : String(values[key]);
    });
  }

  // A template with values as nodes: each value isolated in <bdi> so a phone number or an English
  // address keeps its order inside right-to-left text ("0161 496 0102" must not become "0102 496 0161").
  function fmtNodes(template, values, ltr) {
    var out = [];
    String(template || "").split(/(\{\w+\})/).forEach(function (part) {
      var key = /^\{(\w+)\}$/.exec(part);
      if (key && values[key[1]] !== undefined && values[key[1]] !== null) {
        out.push(el("bdi", ltr && ltr.indexOf(key[1]) >= 0 ? { dir: "ltr" } : {}, String(values[key[1]])));
      } else if (part) {
        out.push(part);
      }
    });
    return out;
  }

  // Build an element: attributes by setAttribute, children as nodes or text (never parsed as HTML).
  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) {
      var value = attrs[name];
      if (value === false || value === null || value === undefined) return;
      node.setAttribute(name, value === true ? "" : String(value));
    });
    [].concat(children === undefined ? [] : children).forEach(function (child) {
      if (child === null || child === undefined || child === "") return;
      node.appendChild(typeof child === "object" ? child : document.createTextNode(String(child)));
    });
    return node;
  }

  function hidden(text) {
    return el("span", { class: "vh" }, text);
  }

  function strings(code) {
    if (cache[code]) return Promise.resolve(cache[code]);
    return fetch(new URL("strings/" + code + ".json", BASE).href, { credentials: "omit" })
      .then(function (r) {
        if (!r.ok) throw new Error("strings " + r.status);
        return r.json();
      })
      .then(function (body) {
        cache[code] = body;
        return body;
      });
  }

  var CSS = [
    ":host{all:initial}",
    "[hidden]{display:none!important}",
    ".root{font-family:system-ui,-apple-system,'Segoe UI',Roboto,Arial,sans-serif;font-size:medium;font-style:normal;font-weight:400;font-variant:normal;line-height:1.45;color:#0b0c0c;text-align:start;text-indent:0;text-transform:none;letter-spacing:normal;word-spacing:normal;white-space:normal;text-shadow:none;visibility:visible;cursor:auto;-webkit-text-size-adjust:100%}",
    ".root *,.root *::before,.root *::after{box-sizing:border-box}",
    "button,input,select{font:inherit;color:inherit;margin:0}",
    "button,select{cursor:pointer}",
    ".vh{position:absolute!important;width:1px!important;height:1px!important;margin:-1px!important;padding:0!important;overflow:hidden!important;clip:rect(0 0 0 0)!important;clip-path:inset(50%)!important;white-space:nowrap!important;border:0!important}",
    ":focus-visible{outline:3px solid #fd0!important;outline-offset:0;box-shadow:0 0 0 6px #0b0c0c!important}",
    "a:focus-visible{background:#fd0;color:#0b0c0c!important}",
    ".launcher{position:fixed;bottom:1em;inset-inline-end:1em;z-index:2147483000;display:inline-flex;align-items:center;gap:.5em;min-height:3em;max-width:calc(100vw - 2em);padding:.55em 1.1em;border:2px solid #fff;border-radius:1.6em;background:#1d70b8;color:#fff;font-weight:700;box-shadow:0 2px 8px rgba(0,0,0,.35)}",
    ".launcher:hover{background:#003078}",
    ".launcher svg{flex:none;width:1.4em;height:1.4em}",
    ".panel{position:fixed;bottom:1em;inset-inline-end:1em;z-index:2147483001;display:flex;flex-direction:column;width:min(26em,calc(100vw - 2em));height:min(42em,calc(100vh - 2em));background:#fff;border:2px solid #0b0c0c;box-shadow:0 4px 16px rgba(0,0,0,.35);overflow:hidden}",
    "@supports (height:100dvh){.panel{height:min(42em,calc(100dvh - 2em))}}",
    "@media (max-width:32em),(max-height:32em){.panel{inset:0;width:100%;height:100%;border:0}}",
    ".head{display:flex;align-items:center;gap:.5em;padding:.4em .5em .4em .75em;background:#1d70b8;color:#fff}",
    ".head h2{flex:1;margin:0;font-size:1.1em;line-height:1.3}",
    ".icon{display:inline-flex;align-items:center;justify-content:center;min-width:2.75em;min-height:2.75em;padding:0;border:2px solid #fff;border-radius:.25em;background:transparent;color:#fff;font-size:1em}",
    ".icon svg{width:1.2em;height:1.2em}",
    ".bar{display:flex;flex-wrap:wrap;align-items:center;gap:.4em .6em;padding:.4em .75em;background:#f3f2f1;border-bottom:1px solid #b1b4b6}",
    ".exit{min-height:2.75em;padding:.35em .9em;border:0;border-radius:.25em;background:#b10e1e;color:#fff;font-weight:700;box-shadow:0 2px 0 #55070e}",
    ".exit:hover{background:#8a0b17}",
    ".hint{display:none;flex:1 1 8em;font-size:.875em;color:#505a5f}",
    "@media (hover:hover) and (pointer:fine){.hint{display:block}}",
    ".tools{display:flex;flex-wrap:wrap;align-items:center;gap:.4em .6em;flex:1 1 100%}",
    ".tools label{font-weight:700}",
    ".tools select{min-height:2.75em;max-width:100%;padding:.2em .4em;border:2px solid #0b0c0c;border-radius:0;background:#fff}",
    ".tools .clear{min-height:2.75em;margin-inline-start:auto;padding:.3em .7em;border:2px solid #1d70b8;border-radius:.25em;background:#fff;color:#1d70b8}",
    ".notice{margin:0 0 .75em;padding:.4em .6em;font-size:.875em;background:#fff7bf;border-inline-start:4px solid #0b0c0c}",
    ".log{position:relative;flex:1 1 auto;min-height:5em;overflow-y:auto;overflow-x:hidden;padding:.75em;overscroll-behavior:contain}",
    ".msg{max-width:90%;margin:0 0 .6em;padding:.5em .75em;border-radius:.6em;white-space:pre-line;overflow-wrap:anywhere}",
    ".bot{background:#f3f2f1;margin-inline-end:auto;border-end-start-radius:0}",
    ".user{background:#1d70b8;color:#fff;margin-inline-start:auto;border-end-end-radius:0;width:fit-content}",
    ".note{max-width:100%;background:#fff;border:2px solid #505a5f;color:#0b0c0c}",
    ".replies{display:flex;flex-wrap:wrap;gap:.4em;margin:0 0 .75em;padding:0;border:0}",
    ".replies button{min-height:2.75em;padding:.3em .8em;border:2px solid #1d70b8;border-radius:1.4em;background:#fff;color:#1d70b8;font-weight:600;text-align:start}",
    ".replies button:hover{background:#e8f1f8}",
    ".cards{list-style:none;margin:0 0 .4em;padding:0}",
    ".card{margin:0 0 .6em;padding:.6em .75em;border:1px solid #b1b4b6;border-inline-start:5px solid #1d70b8;border-radius:.25em;background:#fff;overflow-wrap:anywhere}",
    ".card h3{margin:0 0 .15em;font-size:1.05em;line-height:1.3}",
    ".card p{margin:.15em 0}",
    ".sub{color:#505a5f;font-size:.9375em}",
    ".open{display:inline-block;padding:0 .4em;border-radius:.2em;background:#00703c;color:#fff;font-weight:700}",
    ".card a,.crisis a{display:inline-block;min-height:24px;padding:.1em 0;color:#1d70b8;font-weight:600}",
    ".count{margin:0 0 .75em;font-size:.875em;color:#505a5f}",
    ".details{margin:0 0 .75em}",
    ".details .desc{white-space:pre-line}",
    ".details h4{margin:.5em 0 .1em;font-size:1em}",
    ".details ul{margin:0;padding:0;list-style:none}",
    ".details a[href^='https:'],.details a[href^='http:']{word-break:break-all}",
    ".crisis{margin:0 0 .75em;padding:.6em .75em;border:3px solid #d4351c;border-radius:.25em;background:#fef7f7}",
    ".crisis.supportive{border-color:#1d70b8;background:#f3f8fc}",
    ".crisis h3{margin:0 0 .3em;font-size:1.1em}",
    ".crisis ul{margin:0;padding:0;list-style:none}",
    ".crisis li{margin:0 0 .5em}",
    ".crisis a{font-size:1.1em;font-weight:700}",
    ".typing{margin:0;padding:.2em .75em;font-size:.875em;color:#505a5f}",
    ".typing i{display:inline-block;width:.4em;height:.4em;margin-inline-start:.2em;border-radius:50%;background:#505a5f;animation:ahdot 1.2s infinite ease-in-out}",
    ".typing i:nth-child(2){animation-delay:.2s}.typing i:nth-child(3){animation-delay:.4s}",
    "@keyframes ahdot{0%,80%,100%{opacity:.25}40%{opacity:1}}",
    ".form{display:flex;flex-wrap:wrap;gap:.25em .5em;padding:.5em .75em .75em;border-top:1px solid #b1b4b6}",
    ".form label{flex:1 0 100%;font-weight:700;font-size:.9375em}",
    ".form input{flex:1 1 8em;min-width:0;min-height:2.75em;padding:.3em .5em;border:2px solid #0b0c0c;border-radius:0;background:#fff}",
    ".form button{min-height:2.75em;padding:.3em 1em;border:0;border-radius:.25em;background:#00703c;color:#fff;font-weight:700;box-shadow:0 2px 0 #002d18}",
    ".form button:hover{background:#005a30}",
    // On a phone the header is two short rows on blue: "Leave this site quickly" and Close, then the
    // language and Clear; the title stays the dialog's heading for screen readers, out of sight.
    "@media (max-width:32em){.top{display:flex;flex-wrap:wrap;align-items:center;gap:0 .4em;padding:.25em .5em;font-size:.9375em;background:#1d70b8;color:#fff}.top::before{content:'';order:3;flex:1 0 100%;height:.25em}.head,.bar,.tools{display:contents}.head h2{position:absolute;width:1px;height:1px;margin:-1px;overflow:hidden;clip-path:inset(50%);white-space:nowrap}.exit{order:1}.icon{order:2;margin-inline-start:auto}.tools label{order:4;color:#fff}.tools select{order:5;flex:0 1 auto;color:#0b0c0c}.tools .clear{order:6;padding:.3em .6em}.hint{order:7;flex-basis:100%;color:#fff}.exit,.icon,.tools select,.tools .clear{min-height:2.5em}.icon{min-width:2.5em}}",
    "@media (prefers-reduced-motion:reduce){.root *,.root *::before,.root *::after{animation:none!important;transition:none!important;scroll-behavior:auto!important}}",
    "@media (forced-colors:active){.launcher,.panel,.msg,.card,.crisis,button{border:2px solid CanvasText}}"
  ].join("\n");

  function svg(path) {
    var ns = "http://www.w3.org/2000/svg";
    var icon = document.createElementNS(ns, "svg");
    icon.setAttribute("viewBox", "0 0 24 24");
    icon.setAttribute("aria-hidden", "true");
    icon.setAttribute("focusable", "false");
    var p = document.createElementNS(ns, "path");
    p.setAttribute("d", path);
    p.setAttribute("fill", "currentColor");
    icon.appendChild(p);
    return icon;
  }

  function build() {
    var host = el("div", { "data-around-here-widget": "" });
    var shadow = host.attachShadow({ mode: "open" });
    if ("adoptedStyleSheets" in shadow && window.CSSStyleSheet && CSSStyleSheet.prototype.replaceSync) {
      var sheet = new CSSStyleSheet();
      sheet.replaceSync(CSS);
      shadow.adoptedStyleSheets = [sheet];
    } else {
      shadow.appendChild(el("style", {}, CSS));
    }
    ui.root = el("div", { class: "root" });
    ui.launcher = el("button", { type: "button", class: "launcher", "aria-expanded": "false", "aria-controls": "ah-panel" }, [
      svg("M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H8l-4 4V6a2 2 0 0 1 2-2z"),
      ui.launcherText = el("span")
    ]);
    ui.title = el("h2", { id: "ah-title" });
    ui.close = el("button", { type: "button", class: "icon" }, svg("M6.4 5 5 6.4 10.6 12 5 17.6 6.4 19l5.6-5.6 5.6 5.6 1.4-1.4-5.6-5.6L19 6.4 17.6 5 12 10.6z"));
    ui.exit = el("button", { type: "button", class: "exit" });
    ui.exitHint = el("span", { class: "hint", id: "ah-exit-hint", dir: "auto" });
    ui.langLabel = el("label", { for: "ah-lang" });
    ui.lang = el("select", { id: "ah-lang" });
    ui.clear = el("button", { type: "button", class: "clear" });
    ui.notice = el("p", { class: "notice", dir: "auto" });
    ui.log = el("div", { class: "log", role: "log", "aria-live": "polite", tabindex: "0", id: "ah-log" });
    ui.typing = el("p", { class: "typing", role: "status" });
    ui.inputLabel = el("label", { for: "ah-input" });
    ui.input = el("input", { id: "ah-input", type: "text", autocomplete: "off", maxlength: "1000", dir: "auto", enterkeyhint: "send" });
    ui.send = el("button", { type: "submit" });
    ui.form = el("form", { class: "form", novalidate: true }, [ui.inputLabel, ui.input, ui.send]);
    ui.panel = el("section", { id: "ah-panel", class: "panel", role: "dialog", "aria-modal": "false", "aria-labelledby": "ah-title", hidden: true }, [
      el("div", { class: "top" }, [
        el("div", { class: "head" }, [ui.title, ui.close]),
        el("div", { class: "bar" }, [ui.exit, ui.exitHint, el("div", { class: "tools" }, [ui.langLabel, ui.lang, ui.clear])])
      ]),
      ui.log,
      ui.typing,
      ui.form
    ]);
    ui.root.appendChild(ui.launcher);
    ui.root.appendChild(ui.panel);
    shadow.appendChild(ui.root);

    ui.launcher.addEventListener("click", function () { open(true); });
    ui.close.addEventListener("click", close);
    ui.exit.addEventListener("click", leave);
    ui.clear.addEventListener("click", clear);
    ui.lang.addEventListener("change", function () { setLanguage(ui.lang.value); });
    ui.panel.addEventListener("keydown", function (event) {
      if (event.key === "Escape" || event.key === "Esc") {
        event.preventDefault();
        event.stopPropagation();
        close();
      }
    });
    ui.form.addEventListener("submit", function (event) {
      event.preventDefault();
      var text = ui.input.value.trim();
      if (text && !busy) {
        ui.input.value = "";
        send(text, text);
      }
    });
    return host;
  }

  function applyStrings(body) {
    S = body.strings || {};
    lang = body.lang;
    ui.root.setAttribute("lang", lang);
    ui.root.setAttribute("dir", body.dir === "rtl" ? "rtl" : "ltr");
    ui.launcherText.textContent = S.launcher;
    ui.title.textContent = S.title;
    ui.close.setAttribute("aria-label", S.close);
    ui.exit.textContent = S.exit;
    ui.exitHint.textContent = S.exit_hint;
    describeExit();
    ui.langLabel.textContent = S.language;
    ui.clear.textContent = S.clear;
    ui.notice.textContent = S.notice;
    ui.log.setAttribute("aria-label", S.log_label);
    ui.inputLabel.textContent = S.input_label;
    ui.send.textContent = S.send;
    ui.lang.textContent = "";
    (body.languages || []).forEach(function (item) {
      ui.lang.appendChild(el("option", { value: item.code, lang: item.code, dir: "auto", selected: item.code === lang }, item.name));
    });
    ui.lang.value = lang;
    showTyping(!!busy);
    render();
  }

  // The Shift hint is shown only where there is a keyboard (see the CSS), and only then describes the
  // button: a touch screen's reader should not announce a key it does not have.
  var keyboard = window.matchMedia ? window.matchMedia("(hover: hover) and (pointer: fine)") : null;
  function describeExit() {
    if (!keyboard || keyboard.matches) ui.exit.setAttribute("aria-describedby", "ah-exit-hint");
    else ui.exit.removeAttribute("aria-describedby");
  }
  if (keyboard && keyboard.addEventListener) keyboard.addEventListener("change", function () { if (ui.exit) describeExit(); });

  function setLanguage(code) {
    code = pick(code);
    if (!code) return;
    strings(code).then(function (body) {
      applyStrings(body);
      save();
    }, function () {
      ui.lang.value = lang;
    });
  }

  function showTyping(on) {
    ui.typing.textContent = "";
    if (on) {
      ui.typing.appendChild(document.createTextNode(S.typing + " "));
      ui.typing.appendChild(el("span", { "aria-hidden": "true" }, [el("i"), el("i"), el("i")]));
    }
    ui.typing.hidden = !on;
  }

  // The whole log from `state.items` (after a language change or on load); not announced again.
  function render() {
    ui.log.setAttribute("aria-live", "off");
    ui.log.textContent = "";
    ui.log.appendChild(el("p", { class: "msg bot", dir: "auto" }, [hidden(S.assistant + " "), S.welcome]));
    ui.log.appendChild(ui.notice);
    var lastUser = -1;
    state.items.forEach(function (item, i) { if (item.who === "user") lastUser = i; });
    state.items.forEach(function (item, i) { ui.log.appendChild(draw(item, i > lastUser)); });
    quickReplies();
    scrollDown();
    window.setTimeout(function () { ui.log.setAttribute("aria-live", "polite"); }, 0);
  }

  function add(item, live) {
    state.items.push(item);
    if (item.who === "user") {
      Array.prototype.forEach.call(ui.log.querySelectorAll(".replies"), function (node) { node.remove(); });
    }
    ui.log.appendChild(draw(item, live));
    scrollDown();
  }

  function scrollDown() {
    ui.log.scrollTop = ui.log.scrollHeight;
  }

  // Show the start of a new answer: a long one (cards, helplines) is read from its top.
  function scrollToStart(node) {
    if (node) ui.log.scrollTop = Math.max(0, node.offsetTop - 8);
  }

  function draw(item, withReplies) {
    var box = document.createDocumentFragment();
    if (item.who === "user") {
      box.appendChild(el("p", { class: "msg user", dir: "auto" }, [hidden(S.you + " "), item.text]));
      return box;
    }
    if (item.who === "note") {
      box.appendChild(el("p", { class: "msg note", dir: "auto" }, S[item.key] || item.text || ""));
      return box;
    }
    if (item.key) { // our own words (the welcome after "Start again"): in the current language
      box.appendChild(el("p", { class: "msg bot", dir: "auto" }, [hidden(S.assistant + " "), S[item.key] || ""]));
      return box;
    }
    var custom = item.custom && typeof item.custom === "object" ? item.custom : null;
    if (custom && custom.type === "crisis") box.appendChild(crisis(custom));
    if (typeof item.text === "string" && item.text) {
      var text = item.text;
      box.appendChild(el("p", { class: "msg bot", dir: "auto" }, [hidden(S.assistant + " "), text]));
    }
    if (custom && custom.type === "services" && Array.isArray(custom.services)) box.appendChild(services(custom));
    if (custom && custom.type === "service" && custom.view === "details" && custom.service && typeof custom.service === "object") {
      box.appendChild(details(custom.service));
    }
    if (withReplies && Array.isArray(item.buttons) && item.buttons.length) {
      var group = el("div", { class: "replies", role: "group", "aria-label": S.quick_replies });
      item.buttons.slice(0, 20).forEach(function (button) {
        if (!button || typeof button.title !== "string" || typeof button.payload !== "string") return;
        var b = el("button", { type: "button", dir: "auto" }, button.title);
        b.addEventListener("click", function () {
          if (busy) return;
          ui.input.focus();
          send(button.payload, button.title);
        });
        group.appendChild(b);
      });
      box.appendChild(group);
    }
    return box;
  }

  function telHref(phone) {
    var digits = String(phone || "").replace(/[^\d+]/g, "");
    return /^\+?\d{3,15}$/.test(digits) ? "tel:" + digits : null;
  }

  function newTab(attrs) {
    attrs.target = "_blank";
    attrs.rel = "noopener noreferrer";
    return attrs;
  }

  // Miles, as on the directory's pages (web/formatting.py `distance`).
  function distance(metres) {
    if (typeof metres !== "number" || !isFinite(metres)) return "";
    var miles = metres / 1609.344;
    if (miles < 0.1) return S.distance_near;
    var nf = window.Intl ? new Intl.NumberFormat(lang, { minimumFractionDigits: 1, maximumFractionDigits: 1 }) : null;
    return fmt(S.distance_miles, { distance: nf ? nf.format(miles) : miles.toFixed(1) });
  }

  // A service page in the widget's current language (the pages take ?lang=, web/i18n.py).
  function pageUrl(id) {
    if (typeof id !== "string" || !/^[A-Za-z0-9._-]{1,64}$/.test(id)) return null;
    return new URL("../services/" + encodeURIComponent(id) + "?lang=" + encodeURIComponent(lang), BASE).href;
  }

  function mailHref(email) {
    email = String(email || "").trim();
    return /^[^\s@<>"():;,]+@[^\s@<>"():;,]+\.[^\s@<>"():;,]+$/.test(email) && email.length <= 254 ? "mailto:" + email : null;
  }

  function webHref(address) {
    try {
      var url = new URL(String(address || ""));
      return /^https?:$/.test(url.protocol) ? url.href : null;
    } catch (e) {
      return null;
    }
  }

  function services(custom) {
    var wrap = document.createDocumentFragment();
    var list = el("ul", { class: "cards", "aria-label": S.results_label });
    custom.services.slice(0, 10).forEach(function (s) {
      if (s && typeof s === "object" && s.name) list.appendChild(el("li", {}, card(s)));
    });
    wrap.appendChild(list);
    var shown = list.children.length;
    var first = Number(list.children.length && custom.services[0].index) || 1;
    if (typeof custom.total === "number" && custom.total > shown && shown) {
      wrap.appendChild(el("p", { class: "count", dir: "auto" }, fmt(S.showing, { first: first, last: first + shown - 1, total: custom.total })));
    }
    return wrap;
  }

  function card(s) {
    var id = "ah-card-" + (++uid);
    var name = String(s.name);
    var parts = [el("h3", { id: id, dir: "auto" }, (typeof s.index === "number" ? s.index + ". " : "") + name)];
    if (s.organisation && String(s.organisation).toLowerCase() !== name.toLowerCase()) {
      parts.push(el("p", { class: "sub", dir: "auto" }, String(s.organisation)));
    }
    var opening = s.open_now ? el("span", { class: "open" }, s.next_opening_text || S.open_now) : s.next_opening_text;
    if (opening) parts.push(el("p", { dir: "auto" }, opening));
    var where = [s.neighbourhood_name, distance(s.distance_m), s.free === true ? S.free : ""].filter(Boolean);
    if (where.length) parts.push(el("p", { class: "sub", dir: "auto" }, where.join(" · ")));
    var tel = telHref(s.phone);
    if (tel) parts.push(el("p", {}, el("a", { href: tel }, fmtNodes(S.call, { phone: s.phone }, ["phone"]))));
    if (s.address) {
      var map = "https://www.openstreetmap.org/search?query=" + encodeURIComponent(String(s.address));
      parts.push(el("p", {}, el("a", newTab({ href: map }), fmtNodes(S.map, { address: s.address }).concat(hidden(" " + S.new_tab)))));
    }
    var more = pageUrl(s.id);
    if (more) parts.push(el("p", {}, el("a", newTab({ href: more }), [S.details, hidden(" – " + name + " " + S.new_tab)])));
    if (s.is_sample) parts.push(el("p", { class: "sub", dir: "auto" }, S.sample));
    return el("article", { class: "card", "aria-labelledby": id }, parts);
  }

  function fact(label, value) {
    return el("p", {}, [el("strong", {}, label), el("br"), value]);
  }

  // One service in full, as one card: its labels come from the strings (so they follow the language),
  // its values from the directory (in English, so marked lang="en"); phone, email and website tappable.
  function details(s) {
    var id = "ah-card-" + (++uid);
    var name = String(s.name || "");
    var parts = [el("h3", { id: id, dir: "auto", lang: "en" }, name)];
    if (s.organisation && String(s.organisation).toLowerCase() !== name.toLowerCase()) {
      parts.push(el("p", { class: "sub", dir: "auto", lang: "en" }, String(s.organisation)));
    }
    if (typeof s.description === "string" && s.description) {
      var text = s.description.length > 1200 ? s.description.slice(0, 1200) + "…" : s.description;
      parts.push(el("p", { class: "desc", dir: "auto", lang: "en" }, text));
    }
    var lines = (Array.isArray(s.schedule) ? s.schedule : []).filter(function (x) { return typeof x === "string" && x; });
    if (lines.length) {
      parts.push(el("h4", {}, S.opening_times));
      parts.push(el("ul", {}, lines.slice(0, 14).map(function (line) { return el("li", { dir: "auto" }, line); })));
    }
    var tel = telHref(s.phone);
    if (tel) parts.push(fact(S.phone, el("a", { href: tel }, el("bdi", { dir: "ltr" }, String(s.phone)))));
    var mail = mailHref(s.email);
    if (mail) parts.push(fact(S.email, el("a", { href: mail }, el("bdi", { dir: "ltr" }, String(s.email).trim()))));
    var site = webHref(s.url);
    if (site) {
      var shown = site.replace(/^https?:\/\/(www\.)?/, "").replace(/\/$/, "");
      parts.push(fact(S.website, el("a", { href: site, rel: "noopener" }, el("bdi", { dir: "ltr" }, shown))));
    }
    if (s.address) {
      var map = "https://www.openstreetmap.org/search?query=" + encodeURIComponent(String(s.address));
      parts.push(fact(S.address, el("a", newTab({ href: map }), [el("bdi", { lang: "en" }, String(s.address)), hidden(" " + S.new_tab)])));
    }
    var cost = typeof s.cost === "string" && s.cost ? s.cost : (s.free === true ? S.free : "");
    if (cost) parts.push(fact(S.cost, el("span", { dir: "auto" }, cost)));
    var more = pageUrl(s.id);
    if (more) parts.push(el("p", {}, el("a", newTab({ href: more }), [S.details, hidden(" – " + name + " " + S.new_tab)])));
    if (s.is_sample) parts.push(el("p", { class: "sub", dir: "auto" }, S.sample));
    return el("article", { class: "card details", "aria-labelledby": id }, parts);
  }

  // The list the quick replies follow: the latest results in this conversation (none after "Start again").
  function latestList() {
    for (var i = state.items.length - 1; i >= 0; i--) {
      var item = state.items[i];
      if (item.key === "welcome") return null;
      var c = item.custom;
      if (c && c.type === "services" && Array.isArray(c.services) && c.services.length) return c;
    }
    return null;
  }

  // "More", "Details of 1/2/3" and "Start again" under an answer that showed results or a service. They
  // send the assistant's commands (read the same in every language, by the assistant and by the
  // directory's fallback, web/chat/followups.py) and show the resident's words for them.
  function quickReplies() {
    Array.prototype.forEach.call(ui.log.querySelectorAll(".quick"), function (node) { node.remove(); });
    var latest = [];
    for (var i = state.items.length - 1; i >= 0 && state.items[i].who !== "user"; i--) latest.push(state.items[i]);
    var answered = latest.some(function (item) {
      var c = item.custom;
      return c && (c.type === "services" || (c.type === "service" && c.view === "details"));
    });
    var list = latestList();
    if (!answered || !list) return;
    var group = el("div", { class: "replies quick", role: "group", "aria-label": S.quick_replies });
    var reply = function (label, action, extra) {
      var b = el("button", { type: "button", dir: "auto" }, [label].concat(extra ? [hidden(extra)] : []));
      b.addEventListener("click", function () {
        if (busy) return;
        ui.input.focus();
        action();
      });
      group.appendChild(b);
    };
    if (typeof list.page === "number" && typeof list.pages === "number" && list.page < list.pages) {
      reply(S.more, function () { send("/more_results", S.more); });
    }
    list.services.slice(0, 10).forEach(function (s) {
      if (!s || typeof s.index !== "number" || s.index < 1) return;
      var label = fmt(S.details_of, { number: s.index });
      reply(label, function () { send("/service_details" + JSON.stringify({ number: s.index }), label); }, s.name ? " – " + s.name : "");
    });
    reply(S.start_again, startAgain);
    ui.log.appendChild(group);
  }

  // A new conversation for the assistant and the directory (a new session id), the old one still shown.
  function startAgain() {
    add({ who: "user", text: S.start_again }, true);
    state.session = newSession();
    add({ who: "bot", key: "welcome" }, true);
    quickReplies();
    save();
  }

  function crisis(custom) {
    var id = "ah-crisis-" + (++uid);
    var list = el("ul");
    (Array.isArray(custom.helplines) ? custom.helplines : []).slice(0, 8).forEach(function (h) {
      if (!h || typeof h.name !== "string") return;
      var line = [el("strong", { dir: "auto" }, h.name), el("br")];
      var tel = telHref(h.phone);
      if (tel) line.push(el("a", { href: tel }, fmtNodes(S.call, { phone: h.phone }, ["phone"])));
      if (h.sms && /^\d{3,15}$/.test(String(h.sms))) {
        var body = h.sms_text ? "?&body=" + encodeURIComponent(String(h.sms_text)) : "";
        line.push(el("a", { href: "sms:" + h.sms + body }, fmtNodes(S.text, { text: h.sms_text || "", number: h.sms }, ["number"])));
      }
      var extra = [h.hours, h.free === true ? S.free : "", h.silent].filter(function (x) { return typeof x === "string" && x; });
      if (extra.length) line.push(el("br"), el("span", { dir: "auto" }, extra.join(" · ")));
      list.appendChild(el("li", {}, line));
    });
    // The urgent tier (999 first) is the red box; the supportive tier's listening lines a calmer one.
    var supportive = custom.tier === "supportive";
    var title = supportive ? S.crisis_title_supportive : S.crisis_title;
    return el("section", { class: supportive ? "crisis supportive" : "crisis", "aria-labelledby": id }, [el("h3", { id: id }, title), list]);
  }

  function send(message, shown) {
    add({ who: "user", text: shown }, true);
    save();
    var controller = window.AbortController ? new AbortController() : null;
    busy = controller || true;
    showTyping(true);
    var timer = controller ? window.setTimeout(function () { controller.abort(); }, 20000) : 0;
    fetch(API, {
      method: "POST",
      mode: "cors",
      credentials: "omit",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ session: state.session, message: message, language: lang }),
      signal: controller ? controller.signal : undefined
    })
      .then(function (response) {
        return response.json().catch(function () { return {}; }).then(function (body) {
          if (leaving) return;
          if (response.ok && Array.isArray(body.replies)) {
            var last = ui.log.lastElementChild;
            body.replies.forEach(function (reply) {
              if (reply && typeof reply === "object") {
                add({ who: "bot", text: reply.text, buttons: reply.buttons, custom: reply.custom }, true);
              }
            });
            quickReplies();
            scrollToStart(last && last.nextElementSibling);
          } else if (typeof body.message === "string" && body.message) {
            add({ who: "note", text: body.message }, true);
          } else {
            add({ who: "note", key: "error_input" }, true);
          }
        });
      })
      .catch(function () {
        if (!leaving) add({ who: "note", key: "error_network" }, true);
      })
      .then(function () {
        window.clearTimeout(timer);
        busy = null;
        showTyping(false);
        save();
      });
  }

  function open(focus) {
    ui.panel.hidden = false;
    ui.launcher.hidden = true;
    ui.launcher.setAttribute("aria-expanded", "true");
    state.open = true;
    save();
    scrollDown();
    if (focus) ui.input.focus();
  }

  function close() {
    ui.panel.hidden = true;
    ui.launcher.hidden = false;
    ui.launcher.setAttribute("aria-expanded", "false");
    state.open = false;
    save();
    ui.launcher.focus();
  }

  function clear() {
    if (busy && busy.abort) busy.abort();
    state = { session: newSession(), items: [], open: true };
    render();
    add({ who: "note", key: "cleared" }, true);
    state.items = [];
    save();
    ui.input.focus();
  }

  // "Leave this site quickly": forget everything, then replace this page in the history.
  function leave() {
    leaving = true;
    if (busy && busy.abort) busy.abort();
    try { window.sessionStorage.clear(); } catch (e) { /* nothing kept */ }
    state = { session: "", items: [] };
    if (ui.log) {
      ui.log.textContent = "";
      ui.input.value = "";
      ui.panel.hidden = true;
    }
    window.location.replace(EXIT_URL);
  }

  // Shift pressed three times in a row (nothing else between, each within 2 seconds): leave quickly.
  var shifts = 0;
  var shiftTimer = 0;
  document.addEventListener("keyup", function (event) {
    if (event.key !== "Shift") return;
    shifts += 1;
    window.clearTimeout(shiftTimer);
    shiftTimer = window.setTimeout(function () { shifts = 0; }, 2000);
    if (shifts >= 3) leave();
  }, true);
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Shift") shifts = 0;
  }, true);

  function start() {
    var host = build();
    strings(lang).catch(function () { lang = "en"; return strings("en"); }).then(function (body) {
      applyStrings(body);
      document.body.appendChild(host);
      if (state.open) open(false);
    }, function () { /* no strings, no widget: the page works as before */ });
  }

  // An async script in <head> may run before <body> exists.
  if (document.body) start();
  else document.addEventListener("DOMContentLoaded", start);
})();
