/* Massage-matching assistant: the chat widget for a clinic's website.
 *
 * Source file. `python -m bot.web.serve` (and `make setup`) bundles it with
 * socket.io-client and widget.css into build/web/widget/widget.js, which
 * wraps this code in a function where `io` (socket.io-client 4) and `MW_CSS`
 * are defined. Embed with one tag:
 *
 *   <script src="https://clinic.example/widget/widget.js"
 *           data-server-url="https://bot.clinic.example"
 *           data-clinic-name="Riverside Clinic" data-primary-color="#1d5f8a"></script>
 *
 * Rules kept throughout: every message is put on the page with textContent
 * (never innerHTML), every control is a real or ARIA button with a name, and
 * nothing moves when the person asked for reduced motion.
 */
"use strict";

var script = document.currentScript;
function attr(name, fallback) {
  var value = script && script.getAttribute("data-" + name);
  return value === null || value === undefined || value === "" ? fallback : value;
}

var config = {
  serverUrl: attr("server-url", "http://localhost:5005"),
  socketPath: attr("socket-path", "/socket.io"),
  clinicName: attr("clinic-name", "our clinic"),
  title: attr("title", "Massage finder"),
  primaryColor: attr("primary-color", ""),
  launcherText: attr("launcher-text", "Find a gentle massage: chat with us"),
  greetingPayload: attr("greeting-payload", "/greet"),
  open: attr("open", "false") === "true",
  storagePrefix: attr("storage-key", "massage-widget")
};

var REGION_LABELS = {
  head: "Head", jaw_right: "Right jaw", jaw_left: "Left jaw", neck: "Neck",
  shoulder_right: "Right shoulder", shoulder_left: "Left shoulder",
  upper_arm_right: "Right upper arm", upper_arm_left: "Left upper arm",
  lower_arm_right: "Right lower arm", lower_arm_left: "Left lower arm",
  hands: "Hands", chest: "Chest", abdomen: "Abdomen (belly)",
  upper_back: "Upper back", lower_back: "Lower back",
  hip_right: "Right hip and buttock", hip_left: "Left hip and buttock",
  upper_leg_right: "Right upper leg", upper_leg_left: "Left upper leg",
  lower_leg_right: "Right lower leg", lower_leg_left: "Left lower leg",
  feet: "Feet", everywhere: "Everywhere"
};
var STYLE_NAMES = {
  light: "Light massage",
  myofascial_release: "Myofascial release",
  deep_tissue: "Deep tissue massage",
  none: "No massage for now: see a doctor first"
};
var ANSWER_NAMES = {
  touch_sensitivity: { none: "none", mild: "mild", moderate: "moderate", severe: "severe" },
  pressure_preference: { light: "light", medium: "medium", firm: "firm", unsure: "not sure" }
};

/* Body map geometry, viewBox 0 0 200 420. Front view: the person faces you,
 * so their right side is on the left of the picture. Each region has one
 * focusable control (front view, or back view for the back itself); the back
 * view repeats the limbs for the mouse only. [x, y, width, height, radius]. */
var FRONT = [
  ["head", [[78, 4, 44, 38, 18]]],
  ["jaw_right", [[80, 43, 19, 18, 6]]],
  ["jaw_left", [[101, 43, 19, 18, 6]]],
  ["neck", [[86, 62, 28, 13, 4]]],
  ["shoulder_right", [[46, 76, 38, 30, 12]]],
  ["shoulder_left", [[116, 76, 38, 30, 12]]],
  ["chest", [[70, 107, 60, 33, 6]]],
  ["abdomen", [[72, 142, 56, 42, 6]]],
  ["upper_arm_right", [[38, 107, 26, 50, 10]]],
  ["upper_arm_left", [[136, 107, 26, 50, 10]]],
  ["lower_arm_right", [[32, 158, 24, 56, 10]]],
  ["lower_arm_left", [[144, 158, 24, 56, 10]]],
  ["hands", [[24, 216, 28, 28, 10], [148, 216, 28, 28, 10]]],
  ["hip_right", [[66, 186, 33, 30, 8]]],
  ["hip_left", [[101, 186, 33, 30, 8]]],
  ["upper_leg_right", [[68, 218, 29, 80, 10]]],
  ["upper_leg_left", [[103, 218, 29, 80, 10]]],
  ["lower_leg_right", [[70, 300, 26, 88, 10]]],
  ["lower_leg_left", [[104, 300, 26, 88, 10]]],
  ["feet", [[60, 390, 36, 24, 10], [104, 390, 36, 24, 10]]]
];
var BACK_ONLY = [
  ["upper_back", [[70, 107, 60, 36, 6]]],
  ["lower_back", [[72, 145, 56, 39, 6]]]
];

function mirror(rects) {
  return rects.map(function (r) { return [200 - r[0] - r[2], r[1], r[2], r[3], r[4]]; });
}

/* ---- small DOM helpers: text only ------------------------------------- */
function el(tag, className, text) {
  var node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined && text !== null) node.textContent = String(text);
  return node;
}
var SVG_NS = "http://www.w3.org/2000/svg";
function svg(tag, attrs) {
  var node = document.createElementNS(SVG_NS, tag);
  Object.keys(attrs || {}).forEach(function (key) { node.setAttribute(key, attrs[key]); });
  return node;
}
function button(className, text, onClick) {
  var node = el("button", className, text);
  node.type = "button";
  if (onClick) node.addEventListener("click", onClick);
  return node;
}
function joinHuman(items) {
  if (items.length <= 1) return items.join("");
  return items.slice(0, -1).join(", ") + " and " + items[items.length - 1];
}
function regionName(id) { return REGION_LABELS[id] || String(id).replace(/_/g, " "); }
/* "Neck, left shoulder and lower back" */
function areasText(ids) {
  return joinHuman(ids.map(function (id, i) {
    var name = regionName(id);
    return i === 0 ? name : name.charAt(0).toLowerCase() + name.slice(1);
  }));
}
function styleName(id) { return STYLE_NAMES[id] || (id ? String(id).replace(/_/g, " ") : ""); }
function asList(value) { return Array.isArray(value) ? value : (value ? [value] : []); }
function reducedMotion() {
  return !!(window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches);
}

/* ---- storage: the session and the transcript, so a reload continues ----
 * The server issues the session: an id and a token that proves it (the id
 * alone is refused), both kept in sessionStorage, so closing the tab forgets them. */
var store = {
  get: function (key) { try { return window.sessionStorage.getItem(config.storagePrefix + ":" + key); } catch (e) { return null; } },
  set: function (key, value) { try { window.sessionStorage.setItem(config.storagePrefix + ":" + key, value); } catch (e) { /* private mode */ } },
  remove: function (key) { try { window.sessionStorage.removeItem(config.storagePrefix + ":" + key); } catch (e) { /* ignore */ } }
};

var sessionId = store.get("session");
var sessionToken = store.get("token");
var transcript = [];
try { transcript = JSON.parse(store.get("transcript") || "[]"); } catch (e) { transcript = []; }
function remember(entry) {
  transcript.push(entry);
  if (transcript.length > 200) transcript = transcript.slice(-200);
  store.set("transcript", JSON.stringify(transcript));
}
function forgetSession() {
  sessionId = null;
  sessionToken = null;
  transcript = [];
  store.remove("session");
  store.remove("token");
  store.remove("transcript");
}

/* ---- the widget's DOM ------------------------------------------------- */
if (!document.getElementById("mw-style")) {
  var style = el("style");
  style.id = "mw-style";
  style.textContent = typeof MW_CSS === "string" ? MW_CSS : "";
  document.head.appendChild(style);
}

var root = el("div", "mw-root");
if (config.primaryColor) {
  root.style.setProperty("--mw-primary", config.primaryColor);
  root.style.setProperty("--mw-user-bg", config.primaryColor);
}

var launcher = button("mw-launcher", config.launcherText);
launcher.setAttribute("aria-expanded", "false");
launcher.setAttribute("aria-controls", "mw-panel");

var panel = el("section", "mw-panel");
panel.id = "mw-panel";
panel.hidden = true;
panel.setAttribute("aria-labelledby", "mw-title");

var header = el("div", "mw-header");
var title = el("h2", "mw-title", config.title + " · " + config.clinicName);
title.id = "mw-title";
var restartButton = button("mw-restart", "Start over", function () { startOver(); });
var closeButton = button("mw-close", "Close", function () { setOpen(false); });
closeButton.setAttribute("aria-label", "Close the chat");
header.appendChild(title);
header.appendChild(restartButton);
header.appendChild(closeButton);

var log = el("div", "mw-log");
log.setAttribute("role", "log");
log.setAttribute("aria-label", "Conversation");
log.setAttribute("aria-live", "off"); /* announced through `announcer` instead */
log.tabIndex = 0;

var typing = el("div", "mw-typing");
typing.hidden = true;
var dots = el("span", "mw-dots");
dots.setAttribute("aria-hidden", "true");
dots.appendChild(el("span"));
dots.appendChild(el("span"));
dots.appendChild(el("span"));
typing.appendChild(el("span", "mw-sr-only", "The assistant is typing"));
typing.appendChild(dots);

var choices = el("div", "mw-choices");
choices.setAttribute("role", "group");
choices.setAttribute("aria-label", "Answer choices");

var statusLine = el("p", "mw-status");
statusLine.setAttribute("role", "status");

var composer = el("form", "mw-composer");
var inputLabel = el("label", "", "Your message");
inputLabel.setAttribute("for", "mw-input");
var input = el("input", "mw-input");
input.id = "mw-input";
input.type = "text";
input.autocomplete = "off";
input.placeholder = "Type your answer…";
var sendButton = el("button", "mw-send", "Send");
sendButton.type = "submit";
composer.appendChild(inputLabel);
composer.appendChild(input);
composer.appendChild(sendButton);

var announcer = el("div", "mw-sr-only");
announcer.setAttribute("aria-live", "polite");
announcer.setAttribute("aria-atomic", "false");
announcer.setAttribute("data-mw-announcer", "");

panel.appendChild(header);
panel.appendChild(log);
panel.appendChild(typing);
panel.appendChild(choices);
panel.appendChild(statusLine);
panel.appendChild(composer);
root.appendChild(launcher);
root.appendChild(panel);
root.appendChild(announcer);

function announce(text) {
  announcer.appendChild(el("p", "", text));
  while (announcer.childNodes.length > 5) announcer.removeChild(announcer.firstChild);
}
function setStatus(text) { statusLine.textContent = text || ""; }
function scrollToEnd() { log.scrollTop = log.scrollHeight; }

/* ---- rendering -------------------------------------------------------- */
function addBubble(kind, text) {
  var bubble = el("div", "mw-msg mw-msg--" + kind);
  bubble.appendChild(el("span", "mw-who", kind === "user" ? "You: " : kind === "bot" ? "Assistant: " : ""));
  bubble.appendChild(document.createTextNode(String(text)));
  log.appendChild(bubble);
  scrollToEnd();
  return bubble;
}

function section(card, heading, items, ordered) {
  items = asList(items);
  if (!items.length) return;
  card.appendChild(el("h4", "", heading));
  var list = el(ordered ? "ol" : "ul");
  items.forEach(function (item) { list.appendChild(el("li", "", item)); });
  card.appendChild(list);
}

function renderCard(summary) {
  summary = summary || {};
  Array.prototype.forEach.call(log.querySelectorAll(".mw-card--current"), function (old) {
    old.classList.remove("mw-card--current");
  });
  var card = el("article", "mw-card mw-card--current");
  var headingId = "mw-card-" + Date.now().toString(36) + Math.floor(Math.random() * 1e6);
  var heading = el("h3", "", "Your massage summary");
  heading.id = headingId;
  card.setAttribute("aria-labelledby", headingId);
  card.appendChild(heading);

  var main = el("p", "mw-style");
  main.appendChild(document.createTextNode("Suggested: "));
  main.appendChild(el("strong", "", styleName(summary.recommended_style) || "not decided yet"));
  card.appendChild(main);
  if (summary.alternative_style && summary.alternative_style !== summary.recommended_style) {
    var alt = el("p", "mw-alt");
    alt.appendChild(document.createTextNode("Alternative: "));
    alt.appendChild(el("strong", "", styleName(summary.alternative_style)));
    card.appendChild(alt);
  }
  var answers = [];
  var areas = asList(summary.pain_areas);
  if (areas.length) answers.push("Where it hurts: " + areasText(areas));
  if (summary.pain_intensity !== undefined && summary.pain_intensity !== null) {
    answers.push("Pain on a typical day: " + summary.pain_intensity + " out of 10");
  }
  if (summary.touch_sensitivity) {
    answers.push("Light touch hurts: " + (ANSWER_NAMES.touch_sensitivity[summary.touch_sensitivity] || summary.touch_sensitivity));
  }
  if (summary.pressure_preference) {
    answers.push("Pressure you prefer: " + (ANSWER_NAMES.pressure_preference[summary.pressure_preference] || summary.pressure_preference));
  }
  if (summary.post_massage_flare === true || summary.post_massage_flare === false) {
    answers.push("Sore for more than two days after a firmer massage: " + (summary.post_massage_flare ? "yes" : "no"));
  }
  section(card, "Your answers", answers);
  section(card, "Why", summary.reasons);
  section(card, "Take care", summary.precautions);
  section(card, "Questions to ask a therapist", summary.interview_questions, true);

  var therapists = asList(summary.therapists);
  if (therapists.length) {
    card.appendChild(el("h4", "", "Therapists who match"));
    var list = el("ul");
    therapists.forEach(function (therapist) {
      var item = el("li", "mw-therapist");
      item.appendChild(el("strong", "", therapist && therapist.name ? therapist.name : "A therapist"));
      var styles = asList(therapist && therapist.styles).map(styleName);
      if (styles.length) item.appendChild(document.createTextNode(" (" + joinHuman(styles) + ")"));
      var why = asList(therapist && therapist.reasons);
      if (why.length) item.appendChild(el("div", "", why.join("; ")));
      list.appendChild(item);
    });
    card.appendChild(list);
  }

  var actions = el("div", "mw-card-actions");
  actions.appendChild(button("mw-action", "Print or save as PDF", function () { window.print(); }));
  actions.appendChild(button("mw-action", "Copy the questions", function () {
    copyText(asList(summary.interview_questions).map(function (q, i) { return (i + 1) + ". " + q; }).join("\n"));
  }));
  card.appendChild(actions);
  log.appendChild(card);
  scrollToEnd();
  announce("Your summary is ready in the conversation. Suggested: " +
           (styleName(summary.recommended_style) || "not decided yet") + ".");
}

function copyText(text) {
  function done() { setStatus("The questions are copied. You can paste them anywhere."); }
  function fallback() {
    var area = el("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    var ok = false;
    try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
    document.body.removeChild(area);
    if (ok) done(); else setStatus("Copying did not work here. Select the questions and copy them by hand.");
  }
  if (navigator.clipboard && navigator.clipboard.writeText) {
    navigator.clipboard.writeText(text).then(done, fallback);
  } else {
    fallback();
  }
}

/* ---- answer choices: buttons and the body map ------------------------- */
function clearChoices() { choices.textContent = ""; choices.classList.remove("mw-choices--map"); }

function setChoices(buttons) {
  clearChoices();
  buttons = asList(buttons).filter(function (b) { return b && b.title; });
  if (!buttons.length) return;
  var isPainAreas = buttons.some(function (b) { return String(b.payload || "").indexOf("pain_areas") !== -1; });
  if (isPainAreas) {
    choices.classList.add("mw-choices--map");
    choices.appendChild(bodyMap());
  }
  var row = el("div", "mw-buttons");
  buttons.forEach(function (b) {
    row.appendChild(button("mw-choice", b.title, function (event) {
      sendUser(b.title, b.payload || b.title, event.detail === 0);
    }));
  });
  choices.appendChild(row);
}

function bodyMap() {
  var selected = {};
  var controls = {};     /* region id -> focusable SVG <g> */
  var copies = {};       /* region id -> every <g> drawn for it */
  var checkboxes = {};
  var wrap = el("div", "mw-bodymap");
  wrap.setAttribute("role", "group");
  wrap.setAttribute("aria-label", "Body map: choose where it hurts");
  wrap.appendChild(el("p", "mw-bodymap-intro",
    "Tap or press each area that hurts, then send. Front view: your right side is on the left of the picture."));

  var selectedText = el("p", "mw-selected", "Chosen: none yet");

  function update() {
    var ids = Object.keys(REGION_LABELS).filter(function (id) { return selected[id]; });
    Object.keys(copies).forEach(function (id) {
      copies[id].forEach(function (g) { g.setAttribute("aria-pressed", selected[id] ? "true" : "false"); });
      if (checkboxes[id]) checkboxes[id].checked = !!selected[id];
    });
    selectedText.textContent = "Chosen: " + (ids.length ? areasText(ids) : "none yet");
  }
  function toggle(id) { selected[id] = !selected[id]; update(); }

  function figure(caption, regions, focusable) {
    var fig = el("figure", "mw-figure");
    var pic = svg("svg", { viewBox: "0 0 200 420", role: "group", "aria-label": caption, focusable: "false" });
    /* the outline: every shape a little larger, behind the regions */
    var outline = svg("g", { "aria-hidden": "true" });
    regions.forEach(function (region) {
      region[1].forEach(function (r) {
        outline.appendChild(svg("rect", { "class": "mw-outline", x: r[0] - 3, y: r[1] - 3, width: r[2] + 6, height: r[3] + 6, rx: r[4] + 3 }));
      });
    });
    pic.appendChild(outline);
    regions.forEach(function (region) {
      var id = region[0];
      var g = svg("g", { "class": "mw-region", "data-region": id, "aria-pressed": "false" });
      if (focusable[id]) {
        g.setAttribute("role", "button");
        g.setAttribute("tabindex", "0");
        g.setAttribute("aria-label", regionName(id));
        controls[id] = g;
      } else {
        g.setAttribute("aria-hidden", "true");
      }
      var tip = svg("title");
      tip.textContent = regionName(id);
      g.appendChild(tip);
      region[1].forEach(function (r) {
        g.appendChild(svg("rect", { "class": "mw-shape", x: r[0], y: r[1], width: r[2], height: r[3], rx: r[4] }));
      });
      g.addEventListener("click", function () { toggle(id); });
      g.addEventListener("keydown", function (event) {
        if (event.key === "Enter" || event.key === " " || event.key === "Spacebar") {
          event.preventDefault();
          toggle(id);
        }
      });
      (copies[id] = copies[id] || []).push(g);
      pic.appendChild(g);
    });
    var sides = caption.indexOf("Front") === 0 ? ["R", "L"] : ["L", "R"];
    var left = svg("text", { x: 8, y: 90, "class": "mw-side-label", "aria-hidden": "true" });
    left.textContent = sides[0];
    var right = svg("text", { x: 184, y: 90, "class": "mw-side-label", "aria-hidden": "true" });
    right.textContent = sides[1];
    pic.appendChild(left);
    pic.appendChild(right);
    fig.appendChild(pic);
    fig.appendChild(el("figcaption", "", caption.split(":")[0]));
    return fig;
  }

  var frontFocus = {};
  FRONT.forEach(function (r) { frontFocus[r[0]] = true; });
  var backFocus = { upper_back: true, lower_back: true };
  /* back view: the person's left is on the left; head, arms, hips (buttocks) and legs mirrored */
  var backRegions = FRONT.filter(function (r) {
    return ["chest", "abdomen", "jaw_left", "jaw_right"].indexOf(r[0]) === -1;
  }).map(function (r) { return [r[0], mirror(r[1])]; }).concat(BACK_ONLY);
  var figures = el("div", "mw-figures");
  figures.appendChild(figure("Front of the body: your right side is on the left", FRONT, frontFocus));
  figures.appendChild(figure("Back of the body: your left side is on the left", backRegions, backFocus));
  wrap.appendChild(figures);
  wrap.appendChild(selectedText);

  var sendRow = el("div", "mw-buttons");
  sendRow.appendChild(button("mw-action mw-action--primary", "Send these areas", function (event) {
    var ids = Object.keys(REGION_LABELS).filter(function (id) { return selected[id] && id !== "everywhere"; });
    if (!ids.length) {
      setStatus("Choose at least one area on the body map first, or type where it hurts.");
      return;
    }
    sendUser(areasText(ids), "/inform" + JSON.stringify({ pain_areas: ids }), event.detail === 0);
  }));
  sendRow.appendChild(button("mw-action", "Clear the map", function () { selected = {}; update(); }));
  wrap.appendChild(sendRow);

  /* the same choices as a plain list of checkboxes, for anyone who prefers it */
  var details = el("details", "mw-list");
  details.appendChild(el("summary", "", "Show the areas as a list"));
  var list = el("ul");
  Object.keys(REGION_LABELS).forEach(function (id) {
    if (id === "everywhere") return;
    var item = el("li");
    var label = el("label");
    var box = el("input");
    box.type = "checkbox";
    box.addEventListener("change", function () { selected[id] = box.checked; update(); });
    checkboxes[id] = box;
    label.appendChild(box);
    label.appendChild(document.createTextNode(regionName(id)));
    item.appendChild(label);
    list.appendChild(item);
  });
  details.appendChild(list);
  wrap.appendChild(details);
  update();
  return wrap;
}

/* ---- bot messages: a queue, shown in order with a short natural pause -- */
var queue = [];
var draining = false;
var generation = 0;
var waitTimer = null;

function showTyping(on) {
  typing.hidden = !on;
  if (on) scrollToEnd();
}
function expectReply() {
  showTyping(true);
  clearTimeout(waitTimer);
  waitTimer = setTimeout(function () { if (!draining) showTyping(false); }, 30000);
}
function pauseFor(message) {
  if (reducedMotion()) return 0;
  var length = message && message.text ? String(message.text).length : 80;
  return Math.min(1200, 350 + length * 8);
}
function onBotMessage(data) {
  queue.push(data || {});
  if (!draining) drain();
}
function drain() {
  if (!queue.length) {
    draining = false;
    clearTimeout(waitTimer);
    showTyping(false);
    return;
  }
  draining = true;
  showTyping(true);
  var message = queue.shift();
  var current = generation;
  setTimeout(function () {
    if (current !== generation) return; /* "Start over" came in between */
    renderBot(message, true);
    drain();
  }, pauseFor(message));
}
function summaryOf(data) {
  if (data.custom && typeof data.custom === "object" && data.custom.intake_summary) return data.custom.intake_summary;
  if (data.intake_summary) return data.intake_summary;
  return null;
}
function renderBot(data, live) {
  var summary = summaryOf(data);
  if (summary) {
    renderCard(summary);
    if (live) remember({ kind: "card", summary: summary });
    return;
  }
  var buttons = asList(data.quick_replies || data.buttons).map(function (b) {
    return { title: b.title, payload: b.payload };
  });
  if (data.text !== undefined && data.text !== null && String(data.text).trim() !== "") {
    addBubble("bot", data.text);
    if (live) announce("Assistant: " + data.text);
  }
  if (buttons.length) setChoices(buttons);
  if (live) remember({ kind: "bot", text: data.text || "", buttons: buttons });
}

/* ---- the connection ---------------------------------------------------- */
var socket = io(config.serverUrl, { path: config.socketPath, transports: ["websocket"], autoConnect: false });
var confirmed = false;
var outbox = [];

socket.on("connect", function () {
  confirmed = false;
  /* continue this tab's conversation (id and token), or ask for a new one */
  socket.emit("session_request", sessionId && sessionToken ? { session_id: sessionId, session_token: sessionToken } : {});
});
socket.on("session_confirm", function (data) {
  var id = data && typeof data === "object" ? data.session_id : data;
  if (!id) return;
  if (sessionId && id !== sessionId) {
    /* the server could not continue the earlier conversation: start afresh, saying so */
    startAfresh("The earlier conversation could not be continued, so a new one has started.");
    greet();
  }
  sessionId = id;
  sessionToken = data && typeof data === "object" ? data.session_token : null;
  store.set("session", sessionId);
  if (sessionToken) store.set("token", sessionToken);
  confirmed = true;
  setStatus("");
  while (outbox.length) socket.emit("user_uttered", { message: outbox.shift(), session_id: sessionId });
});
socket.on("bot_uttered", onBotMessage);
socket.on("connect_error", function () {
  setStatus("Cannot reach the assistant right now. Trying again…");
});
socket.on("disconnect", function (reason) {
  confirmed = false;
  if (reason !== "io client disconnect") setStatus("The connection was lost. Reconnecting…");
});

function emitMessage(payload) {
  if (confirmed && socket.connected) {
    socket.emit("user_uttered", { message: payload, session_id: sessionId });
  } else {
    outbox.push(payload);
    if (!socket.connected && !socket.active) socket.connect();
  }
}

function sendUser(text, payload, fromKeyboard) {
  text = String(text).trim();
  if (!text) return;
  clearChoices();
  setStatus("");
  addBubble("user", text);
  remember({ kind: "user", text: text });
  emitMessage(payload || text);
  expectReply();
  if (fromKeyboard !== false) input.focus();
}

composer.addEventListener("submit", function (event) {
  event.preventDefault();
  var text = input.value;
  if (!text.trim()) { input.focus(); return; }
  input.value = "";
  sendUser(text, text, true);
});

function greet() {
  emitMessage(config.greetingPayload);
  expectReply();
}

function restore() {
  var lastButtons = null;
  transcript.forEach(function (entry) {
    if (entry.kind === "user") { addBubble("user", entry.text); lastButtons = null; }
    else if (entry.kind === "card") { renderCard(entry.summary); lastButtons = null; }
    else if (entry.kind === "bot") {
      if (entry.text) addBubble("bot", entry.text);
      if (entry.buttons && entry.buttons.length) lastButtons = entry.buttons;
    }
  });
  if (lastButtons) setChoices(lastButtons);
}

/* Clears the page and what this tab keeps of the old conversation. */
function startAfresh(notice) {
  queue = [];
  draining = false;
  outbox = [];
  clearChoices();
  log.textContent = "";
  forgetSession();
  setStatus("");
  addBubble("notice", notice);
  announce("A new conversation has started.");
  generation += 1;
}

function startOver() {
  startAfresh("A new conversation has started. Your earlier answers are no longer shown here.");
  confirmed = false;
  /* a new socket too, so nothing still on its way for the old session arrives
     here; with no session kept, it asks the server for a new one */
  socket.disconnect();
  socket.connect();
  greet();
  input.focus();
}

var started = false;
function setOpen(open) {
  panel.hidden = !open;
  launcher.hidden = open;
  launcher.setAttribute("aria-expanded", open ? "true" : "false");
  store.set("open", open ? "1" : "0");
  if (open) {
    if (!started) {
      started = true;
      socket.connect();
      if (!transcript.length) greet();
    }
    input.focus();
  } else {
    launcher.focus();
  }
}
launcher.addEventListener("click", function () { setOpen(true); });
panel.addEventListener("keydown", function (event) {
  if (event.key === "Escape") setOpen(false);
});

function mount() {
  document.body.appendChild(root);
  restore();
  if (config.open || store.get("open") === "1") setOpen(true);
}
if (document.body) mount(); else document.addEventListener("DOMContentLoaded", mount);

window.MassageWidget = { open: function () { setOpen(true); }, close: function () { setOpen(false); }, startOver: startOver };
