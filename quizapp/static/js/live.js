// Shared realtime client for every page: connect with a role, keep the latest view,
// detect gaps and reconnects, show the connection state, sync the clock (phones).
// Uses the socket.io client served from /vendor (installed by npm at setup, no CDN).

import { markRehearsal } from "./rehearsal_mark.js";
import { applyPatch } from "./view_patch.js";

/** Server-comparable wall clock in seconds, with sub-millisecond resolution. */
export function clientNow() {
  return (performance.timeOrigin + performance.now()) / 1000;
}

// Commands that carry the envelope: a fresh `cid` (a retry is applied once) and the
// version of the latest view this page has (a command made on an old view is refused).
const ENVELOPED = new Set(["command", "sports_command", "buzz", "pick_tier", "submit_answer",
  "audience_answer", "submit_score", "submit_sheet", "reopen_score", "remove_device",
  "check_start", "check_press", "key_buzz"]);
const unanswered = new Map(); // event + payload -> cid of a command whose ack never came

function newCid() {
  const bytes = crypto.getRandomValues(new Uint8Array(12)); // works on plain-HTTP LAN pages too
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * Emit with an ack, as a Promise; a timeout resolves to an error ack.
 * Commands get `cid` and `version`; sending the same command again after a timeout
 * reuses its cid, so if the first one did arrive it is not applied twice.
 */
export function ask(socket, event, payload, timeoutMs = 5000) {
  let body = payload ?? {};
  let key = null;
  if (ENVELOPED.has(event) && typeof body === "object" && !Array.isArray(body)) {
    key = event + JSON.stringify(body);
    body = { ...body, cid: body.cid || unanswered.get(key) || newCid() };
    if (body.version === undefined && typeof socket.quizVersion === "number") body.version = socket.quizVersion;
  }
  return new Promise((resolve) => {
    socket.timeout(timeoutMs).emit(event, body, (err, reply) => {
      if (key && err) {
        unanswered.set(key, body.cid);
        if (unanswered.size > 50) unanswered.delete(unanswered.keys().next().value);
      } else if (key) {
        unanswered.delete(key);
      }
      if (err) resolve({ ok: false, error: { code: "timeout", message: "网络超时，请重试" } });
      else resolve(reply);
    });
  });
}

const STATES = {
  connecting: ["连接中…", "warn"],
  online: ["已连接", "ok"],
  offline: ["连接中断，正在重连…", "bad"],
  refused: ["无法连接", "bad"],
};

/** Put the connection state into every [data-conn] element. */
export function showConnection(state, detail = "") {
  const [text, cls] = STATES[state];
  for (const el of document.querySelectorAll("[data-conn]")) {
    el.textContent = detail || text;
    el.dataset.state = cls;
  }
}

/**
 * Connect with `auth` and call `onView(view)` with every newer whole view.
 *
 * The server sends a view in full or as a patch `{version, rev, base, patch}` against the
 * view with revision `base` (docs/PROTOCOL.md, "Views: versions, patches and resync"). A
 * patch is applied only to the view it was made from; on any gap the full view is fetched
 * (`get_view` with `since`, which may answer a patch from the view held). A reconnect sends
 * the held revision in `auth.since`, so the server can answer with a patch. Pages always
 * receive whole views.
 */
export function connectLive(auth, onView, { onRefused } = {}) {
  let version = -1;
  let last = null;
  let rev = null; // revision of `last`, the base the next patch must name
  let syncing = false;
  let waiting = []; // patches that arrived while a full view was being fetched
  const socket = io({
    auth: (cb) => cb({ ...auth, patches: true, since: rev }),
    transports: ["websocket", "polling"],
    // after a server restart the whole room reconnects: attempts spread by ±50 % jitter (the first
    // after 0.25–0.75 s) and at most 1.5 s apart, so a phone is back within 1.5 s of the server
    reconnectionDelay: 500,
    randomizationFactor: 0.5,
    reconnectionDelayMax: 1500,
  });
  const take = (view, revision) => {
    if (!view || typeof view.version !== "number") return;
    if (view.version < version) return; // stale (a late broadcast)
    version = view.version;
    socket.quizVersion = version; // what ask() sends as the command's `version`
    last = view;
    rev = typeof revision === "string" ? revision : null;
    markRehearsal(view); // the 彩排 badge on every quiz page
    onView(view);
  };
  const patch = (message) => {
    if (!last || message.base !== rev) return false;
    let view;
    try {
      view = applyPatch(last, message.patch);
    } catch (err) {
      return false;
    }
    take(view === last ? { ...view } : view, message.rev);
    return true;
  };
  const resync = async () => {
    if (syncing) return;
    syncing = true;
    waiting = [];
    try {
      let reply = await ask(socket, "get_view", { since: rev });
      if (reply.ok && reply.patch && !patch(reply.patch)) reply = await ask(socket, "get_view", { since: null });
      if (reply.ok && reply.view) take(reply.view, reply.view.rev);
    } finally {
      syncing = false;
      const later = waiting;
      waiting = [];
      for (const message of later) if (message.base === rev) patch(message); // sent after the reply
    }
  };
  const accept = (message) => {
    if (!message || typeof message !== "object") return;
    if (!Array.isArray(message.patch)) {
      take(message, message.rev);
      return;
    }
    if (syncing) waiting.push(message);
    else if (!patch(message)) resync(); // a gap: this patch is not for the view held
  };
  showConnection("connecting");
  socket.on("connect", () => showConnection("online")); // the server sends the view (or a patch) itself
  socket.on("disconnect", () => showConnection("offline"));
  socket.on("connect_error", (err) => {
    const message = err && err.data && err.data.message;
    if (message) {
      showConnection("refused", message);
      if (onRefused) onRefused(err.data);
    } else {
      showConnection("offline");
    }
  });
  socket.on("view", accept);
  return { socket, latest: () => last };
}

/**
 * Clock sync for buzzers, driven by the server: it sends `clock_ping` (a burst
 * at connect, then one every 10–15 s), stamps the send and the ack itself, and
 * the phone's ack carries only this phone's clock reading. Each ping also brings
 * the server's current estimate of this phone's offset.
 */
let serverOffset = null;

/** Server time minus this phone's clock, as the server estimated it (0 before any estimate). */
export function clockOffset() {
  return serverOffset ?? 0;
}

export function startClockSync(socket) {
  socket.on("clock_ping", (ping, ack) => {
    const t = clientNow(); // first: the reading should be as close to the arrival as possible
    if (ping && typeof ping.offset === "number") serverOffset = ping.offset;
    if (typeof ack === "function") ack({ t });
  });
}

/** Escape text for insertion into HTML built as strings. */
export function esc(value) {
  return String(value ?? "").replace(/[&<>"']/g, (c) => ({
    "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;",
  })[c]);
}

/** Seconds left on a view's timer, from its deadline and the server clock skew. */
export function timerLeft(view, skew) {
  const t = view && view.timer;
  if (!t) return null;
  if (!t.running) return t.remaining;
  return Math.max(0, t.deadline - (Date.now() / 1000 + skew));
}
