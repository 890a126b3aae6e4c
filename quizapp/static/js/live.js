// Shared realtime client for every page: connect with a role, keep the latest view,
// detect gaps and reconnects, show the connection state, sync the clock (phones).
// Uses the socket.io client served from /vendor (installed by npm at setup, no CDN).

/** Server-comparable wall clock in seconds, with sub-millisecond resolution. */
export function clientNow() {
  return (performance.timeOrigin + performance.now()) / 1000;
}

/** Emit with an ack, as a Promise; a timeout resolves to an error ack. */
export function ask(socket, event, payload, timeoutMs = 5000) {
  return new Promise((resolve) => {
    socket.timeout(timeoutMs).emit(event, payload ?? {}, (err, reply) => {
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
 * Connect with `auth` and call `onView(view)` for every newer view.
 * Views carry the contest version; an older one is ignored, and after a
 * reconnect the full view is fetched again.
 */
export function connectLive(auth, onView, { onRefused } = {}) {
  let version = -1;
  let last = null;
  const socket = io({ auth, transports: ["websocket", "polling"], reconnectionDelayMax: 3000 });
  const accept = (view) => {
    if (!view || typeof view.version !== "number") return;
    if (view.version < version) return; // stale (a late broadcast)
    version = view.version;
    last = view;
    onView(view);
  };
  showConnection("connecting");
  socket.on("connect", async () => {
    showConnection("online");
    const reply = await ask(socket, "get_view");
    if (reply.ok) accept(reply.view);
  });
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
 * NTP-style clock sync for buzzers: a burst of pings at join, then one every
 * 10–15 s. Each ping reports the previous completed round trip so the server
 * can keep this phone's offset and delay.
 */
let bestSamples = [];

/** Server time minus this phone's clock, from the quickest recent round trips (0 before any). */
export function clockOffset() {
  if (!bestSamples.length) return 0;
  const quickest = [...bestSamples].sort((a, b) => a.rtt - b.rtt)[0];
  return quickest.offset;
}

export function startClockSync(socket) {
  let sample = null;
  let sent = 0;
  let timer = null;
  const ping = async () => {
    const t0 = clientNow();
    const reply = await ask(socket, "sync", sample ? { t0, sample } : { t0 }, 3000);
    const t3 = clientNow();
    if (reply.ok && reply.t0 === t0) {
      sample = { t0, t1: reply.t1, t2: reply.t2, t3 };
      const rtt = (t3 - t0) - (reply.t2 - reply.t1);
      const offset = ((reply.t1 - t0) + (reply.t2 - t3)) / 2;
      bestSamples = [...bestSamples.slice(-7), { rtt, offset }];
    }
    sent += 1;
    const delay = sent < 6 ? 200 : 10000 + Math.random() * 5000;
    timer = setTimeout(ping, delay);
  };
  socket.on("connect", () => { clearTimeout(timer); sent = 0; sample = null; ping(); });
  if (socket.connected) ping();
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
