// Contest sounds synthesised with WebAudio (no audio files, works offline).
// Browsers start audio suspended until someone clicks or presses a key, so the
// context is resumed on the first gesture. Mute is remembered on this device.

const MUTE_KEY = "quizapp.muted";
let ctx = null;

function context() {
  if (!ctx) {
    const Ctor = window.AudioContext || window.webkitAudioContext;
    if (!Ctor) return null;
    ctx = new Ctor();
  }
  if (ctx.state === "suspended") ctx.resume().catch(() => {});
  return ctx;
}

/** Resume audio on the first user gesture (autoplay policies). */
export function unlockOnGesture() {
  const unlock = () => {
    const ac = context();
    if (ac && ac.state === "running") {
      window.removeEventListener("pointerdown", unlock);
      window.removeEventListener("keydown", unlock);
    }
  };
  window.addEventListener("pointerdown", unlock);
  window.addEventListener("keydown", unlock);
}

export function isMuted() {
  return localStorage.getItem(MUTE_KEY) === "1";
}

export function setMuted(muted) {
  localStorage.setItem(MUTE_KEY, muted ? "1" : "0");
}

function tone(ac, { freq, start = 0, dur = 0.15, type = "sine", gain = 0.25, slide = null }) {
  const t0 = ac.currentTime + start;
  const osc = ac.createOscillator();
  const amp = ac.createGain();
  osc.type = type;
  osc.frequency.setValueAtTime(freq, t0);
  if (slide) osc.frequency.exponentialRampToValueAtTime(slide, t0 + dur);
  amp.gain.setValueAtTime(0.0001, t0);
  amp.gain.exponentialRampToValueAtTime(gain, t0 + 0.01);
  amp.gain.exponentialRampToValueAtTime(0.0001, t0 + dur);
  osc.connect(amp).connect(ac.destination);
  osc.start(t0);
  osc.stop(t0 + dur + 0.02);
}

const SOUNDS = {
  // a sharp double "ding" when a team wins the buzz
  buzz: (ac) => {
    tone(ac, { freq: 1320, dur: 0.12, type: "square", gain: 0.18 });
    tone(ac, { freq: 1760, start: 0.13, dur: 0.25, type: "square", gain: 0.18 });
  },
  // rising major arpeggio
  correct: (ac) => {
    [523.25, 659.25, 783.99, 1046.5].forEach((freq, i) =>
      tone(ac, { freq, start: i * 0.09, dur: i === 3 ? 0.45 : 0.16, type: "triangle", gain: 0.3 }));
  },
  // low falling buzz
  wrong: (ac) => {
    tone(ac, { freq: 220, dur: 0.25, type: "sawtooth", gain: 0.2, slide: 160 });
    tone(ac, { freq: 180, start: 0.27, dur: 0.45, type: "sawtooth", gain: 0.2, slide: 110 });
  },
  // three short beeps and a long one
  timeup: (ac) => {
    [0, 0.25, 0.5].forEach((start) => tone(ac, { freq: 880, start, dur: 0.12, type: "square", gain: 0.15 }));
    tone(ac, { freq: 440, start: 0.75, dur: 0.7, type: "square", gain: 0.18 });
  },
  // soft "go" chime when buzzing opens
  open: (ac) => {
    tone(ac, { freq: 987.77, dur: 0.18, type: "sine", gain: 0.25 });
    tone(ac, { freq: 1318.5, start: 0.12, dur: 0.3, type: "sine", gain: 0.25 });
  },
};

/** Play one of: buzz, correct, wrong, timeup, open (silently skipped when muted). */
export function play(name) {
  if (isMuted() || !SOUNDS[name]) return;
  const ac = context();
  if (!ac) return;
  try {
    SOUNDS[name](ac);
  } catch {
    /* audio is a nicety: never break the page */
  }
}

/** Wire a mute toggle button: its label follows the remembered state. */
export function muteButton(button) {
  const paint = () => {
    const muted = isMuted();
    button.textContent = muted ? "声音：关" : "声音：开";
    button.setAttribute("aria-pressed", muted ? "true" : "false");
  };
  button.addEventListener("click", () => {
    setMuted(!isMuted());
    paint();
    if (!isMuted()) play("open");
  });
  paint();
}
