// The ACS emulator inspector: reads /emulator/api/... and renders it with DOM calls only
// (text nodes and attributes, never markup). A sent email's HTML goes into a sandboxed <iframe srcdoc>:
// no scripts, an opaque origin, and the page's Content-Security-Policy (no network).
"use strict";

const API = "/emulator/api/";
const POLL_MS = 2000;
const seen = {}; // section -> JSON text last rendered, to re-render only on change
const open = new Set(); // keys of the <details> the user opened
const closed = new Set(); // keys of the <details> the user closed

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name === "class") node.className = value;
    else node.setAttribute(name, value === true ? "" : String(value));
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

function tag(text, kind) {
  return el("span", { class: "tag" + (kind ? " " + kind : "") }, text);
}

function when(iso) {
  if (!iso) return "";
  const date = new Date(iso);
  return isNaN(date) ? String(iso) : date.toISOString().replace("T", " ").replace(/\.000Z$|Z$/, "Z");
}

function rawId(identifier) {
  if (!identifier) return "";
  return identifier.rawId || (identifier.communicationUser && identifier.communicationUser.id) || JSON.stringify(identifier);
}

function table(headers, rows) {
  return el("table", {},
    el("thead", {}, el("tr", {}, headers.map((h) => el("th", {}, h)))),
    el("tbody", {}, rows));
}

function card(key, isOpenByDefault, summary, ...body) {
  const isOpen = open.has(key) || (isOpenByDefault && !closed.has(key));
  const details = el("details", { class: "card", "data-key": key, open: isOpen }, el("summary", {}, summary), ...body);
  details.addEventListener("toggle", () => {
    if (details.open) { open.add(key); closed.delete(key); } else { open.delete(key); closed.add(key); }
  });
  return details;
}

function replace(id, ...nodes) {
  document.getElementById(id).replaceChildren(...nodes);
}

function count(id, n) {
  document.getElementById("count-" + id).textContent = n === null ? "" : "(" + n + ")";
}

// Chat threads ----------------------------------------------------------------------------

function messageRow(message, names) {
  const content = message.content || {};
  const type = message.type;
  const system = type !== "text" && type !== "html";
  let text;
  if (type === "topicUpdated") text = "Topic set to “" + (content.topic || "") + "”";
  else if (type === "participantAdded" || type === "participantRemoved") {
    const who = (content.participants || []).map((p) => p.displayName || rawId(p.communicationIdentifier));
    text = (type === "participantAdded" ? "Added " : "Removed ") + who.join(", ");
  } else text = content.message || "";
  const sender = system
    ? "by " + rawId(content.initiatorCommunicationIdentifier)
    : (message.senderDisplayName || names.get(rawId(message.senderCommunicationIdentifier)) || rawId(message.senderCommunicationIdentifier));
  const badges = [tag(type)];
  if (message.editedOn) badges.push(tag("edited " + when(message.editedOn), "warn"));
  if (message.deletedOn) badges.push(tag("deleted " + when(message.deletedOn), "bad"));
  return el("tr", { class: (system ? "system" : "") + (message.deletedOn ? " deleted" : ""), "data-message-id": message.id },
    el("td", { class: "mono" }, message.id),
    el("td", { class: "time" }, when(message.createdOn)),
    el("td", {}, sender),
    el("td", { class: "content" }, message.deletedOn ? "(deleted)" : text),
    el("td", {}, badges));
}

function renderThread(thread, index) {
  const names = new Map((thread.participants || []).map((p) => [rawId(p.communicationIdentifier), p.displayName]));
  const summary = [
    el("span", { class: "title" }, thread.topic || "(no topic)"), " ",
    el("span", { class: "meta mono" }, thread.id), " ",
    tag(thread.participantCount + " participants"), tag(thread.messageCount + " messages"),
    thread.deletedOn ? tag("deleted " + when(thread.deletedOn), "bad") : null,
  ];
  const participants = table(["Participant", "Display name", "Shares history since"],
    (thread.participants || []).map((p) => el("tr", {},
      el("td", { class: "mono" }, rawId(p.communicationIdentifier)),
      el("td", {}, p.displayName || ""),
      el("td", {}, when(p.shareHistoryTime)))));
  const receipts = (thread.readReceipts || []).length
    ? table(["Reader", "Read up to message", "Read on"], thread.readReceipts.map((r) => el("tr", {},
      el("td", { class: "mono" }, rawId(r.senderCommunicationIdentifier)),
      el("td", { class: "mono" }, r.chatMessageId),
      el("td", {}, when(r.readOn)))))
    : el("p", { class: "empty" }, "No read receipts.");
  const messages = table(["Id", "Created", "Sender", "Content", ""],
    (thread.messages || []).map((m) => messageRow(m, names)));
  return card("thread:" + thread.id, index === 0, summary,
    el("div", { class: "meta" }, "Created " + when(thread.createdOn) + " by " + rawId(thread.createdByCommunicationIdentifier)),
    el("h3", {}, "Participants"), participants,
    el("h3", {}, "Messages" + (thread.olderMessagesOmitted ? " (newest only)" : "")), messages,
    el("h3", {}, "Read receipts"), receipts);
}

function renderThreads(data) {
  const threads = data.value || [];
  count("threads", data.total ?? threads.length);
  if (!threads.length) return replace("threads-body", el("p", { class: "empty" }, "No threads yet."));
  replace("threads-body", ...threads.map(renderThread));
}

// Emails ------------------------------------------------------------------------------------

function addresses(list) {
  return (list || []).map((a) => (a.displayName ? a.displayName + " <" + a.address + ">" : a.address)).join(", ");
}

function statusTag(status) {
  const kind = status === "Succeeded" || status === "delivered" ? "ok"
    : status === "Failed" || status === "Canceled" || status === "dropped" ? "bad" : "warn";
  return tag(status || "unknown", kind);
}

function renderEmail(email, index) {
  const status = (email.status && email.status.status) || "";
  const r = email.recipients || {};
  const summary = [
    el("span", { class: "title" }, email.subject || "(no subject)"), " ",
    el("span", { class: "meta" }, email.senderAddress + " → " + addresses(r.to)), " ",
    statusTag(status), tag(when(email.receivedAt)),
  ];
  const fields = table(["Field", "Value"], [
    ["Operation id", email.id], ["From", email.senderAddress], ["To", addresses(r.to)],
    ["Cc", addresses(r.cc)], ["Bcc", addresses(r.bcc)], ["Reply to", addresses(email.replyTo)],
    ["Status", status + (email.status && email.status.error ? " — " + email.status.error.message : "")],
    ["Size", email.size + " bytes"],
    ...(email.headers || []).map((h) => ["Header " + h.name, h.value]),
  ].filter(([, v]) => v !== "").map(([k, v]) => el("tr", {}, el("th", {}, k), el("td", {}, v))));
  const frame = el("iframe", { class: "html", sandbox: "", referrerpolicy: "no-referrer", title: "HTML body of " + (email.subject || "the email") });
  frame.srcdoc = email.html || "";
  const html = email.html ? frame : el("p", { class: "empty" }, "No HTML body.");
  const text = email.plainText ? el("pre", { class: "text" }, email.plainText) : el("p", { class: "empty" }, "No plain-text body.");
  const attachments = (email.attachments || []).length
    ? el("ul", {}, email.attachments.map((a) => el("li", {},
      el("a", { href: API + "emails/" + encodeURIComponent(email.id) + "/attachments/" + a.index, download: a.name }, a.name),
      " ", el("span", { class: "meta" }, a.contentType + ", " + a.size + " bytes" + (a.contentId ? ", inline cid:" + a.contentId : "")))))
    : el("p", { class: "empty" }, "No attachments.");
  return card("email:" + email.id, index === 0, summary, fields,
    el("div", { class: "columns" },
      el("div", {}, el("h3", {}, "HTML (sandboxed)"), html),
      el("div", {}, el("h3", {}, "Plain text"), text)),
    el("h3", {}, "Attachments"), attachments);
}

function renderEmails(data) {
  const emails = data.value || [];
  count("emails", data.total ?? emails.length);
  if (!emails.length) return replace("emails-body", el("p", { class: "empty" }, "No emails yet."));
  replace("emails-body", ...emails.map(renderEmail));
}

// Identities, event deliveries, requests ------------------------------------------------------

function renderIdentities(data) {
  const identities = data.value || [];
  count("identities", identities.length);
  const nodes = [];
  nodes.push(identities.length
    ? table(["Identity", "Token revocations", "State"], identities.map((i) => el("tr", {},
      el("td", { class: "mono" }, i.id), el("td", {}, i.tokenGeneration),
      el("td", {}, i.deleted ? tag("deleted", "bad") : tag("live", "ok")))))
    : el("p", { class: "empty" }, "No identities yet."));
  const assignments = data.teamsExtensionAssignments || [];
  if (assignments.length) {
    nodes.push(el("h3", {}, "Teams Phone extension assignments"), table(["Tenant", "Object", "Principal", "Client ids"],
      assignments.map((a) => el("tr", {}, el("td", { class: "mono" }, a.tenantId), el("td", { class: "mono" }, a.objectId),
        el("td", {}, a.principalType || ""), el("td", { class: "mono" }, (a.clientIds || []).join(", "))))));
  }
  replace("identities-body", ...nodes);
}

function renderEvents(data) {
  if (data === null) {
    count("events", null);
    return replace("events-body", el("p", { class: "empty" }, "This emulator does not deliver events (GET /emulator/api/event-deliveries answered 404)."));
  }
  const deliveries = data.value || [];
  count("events", deliveries.length);
  if (!deliveries.length) return replace("events-body", el("p", { class: "empty" }, "No event deliveries yet."));
  replace("events-body", table(["Enqueued", "Event type", "Subject", "Webhook", "Schema", "Status", "Attempts", "Last error", "Delivered"],
    deliveries.map((d) => el("tr", { "data-delivery-id": d.id },
      el("td", {}, when(d.enqueuedAt)), el("td", {}, d.eventType), el("td", { class: "mono" }, d.subject || ""),
      el("td", { class: "mono" }, d.webhook || ""), el("td", {}, d.schema || ""), el("td", {}, statusTag(d.status)),
      el("td", {}, d.attempts ?? ""), el("td", {}, d.lastError || ""), el("td", {}, when(d.deliveredAt))))));
}

function renderRequests(data) {
  const requests = data.value || [];
  count("requests", requests.length);
  if (!requests.length) return replace("requests-body", el("p", { class: "empty" }, "No requests yet."));
  replace("requests-body", table(["Time", "Method", "Path", "Operation", "Status", "Latency", "Caller"],
    requests.map((r) => el("tr", {},
      el("td", {}, when(r.at)), el("td", {}, r.method), el("td", { class: "mono" }, r.path),
      el("td", {}, r.operation || ""), el("td", {}, tag(r.status, r.status >= 500 ? "bad" : r.status >= 400 ? "warn" : "ok")),
      el("td", {}, r.latencyMs.toFixed(2) + " ms"), el("td", { class: "mono" }, r.caller || "")))));
}

// Polling -------------------------------------------------------------------------------------

const SECTIONS = [
  ["threads", "threads", renderThreads],
  ["emails", "emails", renderEmails],
  ["identities", "identities", renderIdentities],
  ["events", "event-deliveries", renderEvents, true],
  ["requests", "requests", renderRequests],
];

async function load(path, optional) {
  const response = await fetch(API + path, { cache: "no-store", headers: { accept: "application/json" } });
  if (optional && (response.status === 404 || response.status === 405)) return null;
  if (!response.ok) throw new Error("GET " + API + path + " answered " + response.status);
  return response.json();
}

async function refresh() {
  const status = document.getElementById("status");
  const results = await Promise.allSettled(SECTIONS.map(([, path, , optional]) => load(path, optional)));
  const failures = [];
  results.forEach((result, index) => {
    const [name, , render] = SECTIONS[index];
    if (result.status === "rejected") { failures.push(result.reason.message); return; }
    const text = JSON.stringify(result.value);
    if (seen[name] === text) return;
    seen[name] = text;
    try { render(result.value); } catch (error) { failures.push(name + ": " + error.message); }
  });
  status.className = "status" + (failures.length ? " error" : "");
  status.textContent = failures.length ? failures.join("; ") : "live · updated " + new Date().toLocaleTimeString();
  document.body.setAttribute("data-rendered", "true");
}

async function poll() {
  try { await refresh(); } catch (error) {
    const status = document.getElementById("status");
    status.className = "status error";
    status.textContent = "cannot reach the emulator: " + error.message;
  }
  setTimeout(poll, POLL_MS);
}

async function reset() {
  if (!window.confirm("Forget every identity, thread, email and event of this emulator?")) return;
  const status = document.getElementById("status");
  try {
    const response = await fetch(API + "reset", { method: "POST" });
    if (response.status === 404 || response.status === 405) status.textContent = "Reset is not available in this emulator.";
    else if (!response.ok) status.textContent = "Reset answered " + response.status + ".";
    for (const key of Object.keys(seen)) delete seen[key];
    await refresh();
  } catch (error) {
    status.textContent = "Reset failed: " + error.message;
  }
}

document.getElementById("reset").addEventListener("click", reset);
poll();
