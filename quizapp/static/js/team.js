// The team phone (抢答器): one thumb, portrait. Buzz on pointerdown with a local
// clock stamp, pick a risk tier, answer 共答 questions; the server decides.

import { ask, clientNow, connectLive, showConnection, startClockSync, timerLeft } from "./live.js";
import { setupBuzzerCheck } from "./team_check.js";
import { renderFeedback, renderLobby, vibrate } from "./team_result.js";
import { fitText, refitOnResize } from "./fit.js";
import {
  LETTERS, clockText, deskLabel, gapText, scoreText, pointsText, signed, teamMap,
} from "./screen_dom.js";
import { h, inkOn, safeColour, setText, watchRefusal } from "./ui.js";

const TOKEN_KEY = "quizapp.teamToken";
const $ = (id) => document.getElementById(id);

let live = null;
let view = null;
let skew = 0;
let press = null; // {key, phase, error} of this phone's press on the current opening
let picking = false; // a pick_tier is on its way
let draft = { qid: "", value: "" }; // 共答 selection not yet submitted
let sending = false; // a submit_answer is on its way
let actionKey = ""; // what the action area currently shows
let blocked = false;
let stateText = "等待出题";
let memberName = "";

// ---------------------------------------------------------------- small UI pieces
let toastTimer = null;
function toast(message, ms = 3500) {
  const el = $("t-toast");
  el.textContent = message;
  el.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => { el.hidden = true; }, ms);
}

function block(title, text, { forget = false } = {}) {
  blocked = true;
  if (forget) localStorage.removeItem(TOKEN_KEY);
  setText($("t-blocked-title"), title);
  setText($("t-blocked-text"), text);
  $("t-blocked").hidden = false;
  $("t-buzz-wrap").hidden = true;
}

// ---------------------------------------------------------------- reading the view
/** Identifies one buzzing opening of one question (reopen after a wrong answer, re-buzz). */
function openingKey(ep) {
  if (!ep) return "";
  return `${ep.question.id}|${(ep.judgements || []).length}|${(ep.rebuzz || []).join(",")}`;
}

function myJudgement(ep, me) {
  const mine = (ep.judgements || []).filter((j) => j.team_id === me);
  return mine[mine.length - 1] || null;
}

/** True when this team's lock on the question comes from pressing too early. */
function fouledNow(v, me) {
  const ep = v.episode;
  const rnd = v.round;
  if (!ep || !rnd || !ep.locked.includes(me)) return false;
  if (myJudgement(ep, me) || (rnd.barred || []).includes(me) || (rnd.eliminated || []).includes(me)) return false;
  if ((rnd.eligible || []).length && !rnd.eligible.includes(me)) return false;
  if ((ep.rebuzz || []).length && !ep.rebuzz.includes(me)) return false;
  if (press && press.key === openingKey(ep) && press.phase === "reading") return true;
  return (rnd.fouls?.[me] || 0) > 0;
}

/** The full-screen result for this team's own judgement: {kind, mark, points, key}. */
function judged(v, mine) {
  if (mine.correct == null) return { kind: "neutral", mark: "", points: "", key: `j${mine.no}` }; // scores hidden
  return { kind: mine.correct ? "good" : "bad", mark: mine.correct ? "✓" : "✗",
    points: pointsText(v, mine.points), key: `j${mine.no}|${mine.correct}|${mine.points}` };
}

/** A false start: 犯规 −N (the round's penalty for this team's latest foul; none when scores are hidden). */
function fouled(v, me) {
  const pts = v.round?.foul_points?.[me];
  return { kind: "bad", mark: "✗", points: pts ? `${signed(-pts)} 分` : "",
    key: `f${v.round?.index}|${v.round?.fouls?.[me] || 0}|${openingKey(v.episode)}` };
}


function verdictOf(j, teams) {
  const team = teams.get(j.team_id);
  return `${deskLabel(team)}回答${j.correct ? "正确" : "错误"}`;
}

/**
 * What the phone shows for a view: {state, headline, sub, tone, buzz, action}.
 * buzz: null (hidden) or {live, mode, label, hint}; action: null | "tiers" | "answer".
 */
function describe(v) {
  const me = v.me?.team_id;
  const teams = teamMap(v);
  const rnd = v.round;
  const ep = v.episode;
  const kind = rnd?.kind;
  const buzzRound = kind === "buzz" || kind === "tiebreak";
  const out = { state: "等待出题", headline: "", sub: "", tone: "", buzz: null, action: null };
  const idleBuzz = buzzRound ? { live: false, mode: "idle", label: "抢答", hint: "等待出题" } : null;

  if (v.status === "finished") {
    const team = teams.get(me);
    return { ...out, state: "比赛结束", headline: team?.rank ? `${team.tied ? "并列" : ""}第 ${team.rank} 名` : "比赛结束",
      sub: `最终得分 ${scoreText(team?.score)}，感谢参赛！`, tone: team?.rank === 1 ? "good" : "" };
  }
  if (v.status !== "running" || !rnd) {
    return { ...out, state: "等待开始", headline: "等待比赛开始", sub: "主持人开始后，这里会提示你们", wait: true };
  }
  if (rnd.status === "ended" && !ep) {
    return { ...out, state: "本轮结束", headline: "本轮结束", sub: "请等待下一轮", wait: true };
  }

  // 风险题: this team picks a tier between questions
  const settled = !ep || ep.phase === "judged" || ep.phase === "audience";
  if (kind === "risk" && settled && rnd.turn_team) {
    const turn = teams.get(rnd.turn_team);
    if (rnd.turn_team === me && rnd.picked_tier == null && rnd.status === "running") {
      return { ...out, state: "请选择分值", headline: "轮到你们选题", sub: "分值越高，题目越难", action: "tiers", tone: "go" };
    }
    if (rnd.turn_team === me) {
      return { ...out, state: "等待出题", headline: `已选 ${rnd.picked_tier} 分`, sub: "等待主持人出题" };
    }
    if (!ep) {
      return { ...out, state: "等待出题", headline: "等待出题",
        sub: rnd.picked_tier == null ? `${deskLabel(turn)}正在选择分值` : `${deskLabel(turn)}选择了 ${rnd.picked_tier} 分` };
    }
  }
  if (!ep) return { ...out, headline: "等待出题", buzz: idleBuzz, wait: true }; // the round shows below

  if (ep.phase === "judged" || ep.phase === "audience") return { ...closed(v, me, teams), buzz: idleBuzz };
  if (kind === "all_answer") return allAnswer(v, me);
  if (buzzRound) return buzzing(v, me, teams);

  // 必答 / 风险: one team answers aloud
  const team = teams.get(ep.team_id);
  if (ep.team_id === me) {
    return { ...out, state: "作答中", headline: "轮到你们作答", sub: `本题 ${ep.stake} 分，请口头回答`, tone: "good" };
  }
  return { ...out, state: "作答中", headline: `${deskLabel(team)}作答中`, sub: team?.name || "" };
}

function closed(v, me, teams) {
  const ep = v.episode;
  const out = { state: "本题结束", headline: "本题结束", sub: "", tone: "" };
  const mine = myJudgement(ep, me);
  const all = ep.judgements || [];
  // with the "scrap" policy the fouling team is not locked: this phone's own early press tells
  const fouledHere = fouledNow(v, me) || (press && press.key === openingKey(ep) && press.phase === "reading");
  if (v.round?.kind === "all_answer" && !ep.submissions?.[me]) {
    // nothing was submitted: say so, never 回答错误
    out.headline = "未提交";
    out.sub = "本队没有提交答案";
    out.fb = { kind: "none", mark: "—", points: mine && mine.points ? pointsText(v, mine.points) : "不计分",
      key: `n${ep.question.id}` };
  } else if (mine) {
    out.headline = mine.correct == null ? "已判分" : mine.correct ? "回答正确" : "回答错误";
    out.sub = ""; // the points show in big type
    out.tone = mine.correct == null ? "" : mine.correct ? "good" : "bad";
    out.fb = judged(v, mine);
  } else if (fouledHere) {
    out.headline = "犯规：未开始抢答";
    out.tone = "bad";
    out.sub = ep.outcome === "scrapped" ? "本题作废" : all.length ? verdictOf(all[all.length - 1], teams) : "";
    out.fb = fouled(v, me);
  } else if (all.length) {
    out.headline = verdictOf(all[all.length - 1], teams);
  } else if (ep.outcome === "scrapped") {
    out.headline = "本题作废";
    out.sub = "有队伍抢答犯规";
  } else if (ep.outcome === "audience") {
    out.headline = "转为观众题";
  } else if (ep.outcome === "void") {
    out.headline = "本题作废";
    out.sub = (ep.presses || []).length ? "" : "无人抢答";
  }
  return out;
}

function buzzing(v, me, teams) {
  const ep = v.episode;
  const rnd = v.round;
  const key = openingKey(ep);
  const pressedHere = press && press.key === key;
  const myPress = (ep.presses || []).find((p) => p.team_id === me);
  const out = { state: "", headline: "", sub: "", tone: "", buzz: null, action: null };
  const off = (hint) => ({ live: false, mode: "off", label: "抢答", hint });

  if (ep.phase === "answering") {
    const winner = teams.get(ep.team_id);
    if (ep.team_id === me) {
      const who = (ep.presses || [])[0]?.member;
      return { ...out, state: "作答中", headline: "你们抢到了！", tone: "good",
        sub: who ? `抢答人：${who}，请起立作答` : "请起立作答", buzz: { live: false, mode: "won", label: "抢到了", hint: "" } };
    }
    const tie = (ep.tied_with || []).includes(me) ? "（差距在测量误差内，按到达先后判定）" : "";
    if (fouledNow(v, me)) {
      return { ...out, state: "已锁定", headline: "犯规：未开始抢答", tone: "bad",
        sub: `${deskLabel(winner)}正在作答`, buzz: off("已锁定"), fb: fouled(v, me) };
    }
    // a press that is already on its way still counts (as late): keep the button live until pressed
    const canStillPress = !myPress && !pressedHere && !ep.locked.includes(me);
    return { ...out, state: "作答中",
      headline: myPress ? `${deskLabel(winner)}更快 ${gapText(myPress.gap)}` : `${deskLabel(winner)}抢到答题权`,
      sub: `${winner?.name || ""} 正在作答${tie}`, tone: myPress ? "bad" : "",
      buzz: canStillPress ? { live: true, mode: "late", label: "抢答", hint: "已有队抢到" }
        : pressedHere && !myPress ? { live: false, mode: "pressed", label: "已抢答", hint: "" } : off("对方作答中") };
  }

  if ((rnd.barred || []).includes(me)) {
    return { ...out, state: "已锁定", headline: "已取消本轮抢答资格", sub: "犯规次数过多", tone: "bad", buzz: off("已锁定") };
  }
  if ((rnd.eliminated || []).includes(me)) {
    return { ...out, state: "已锁定", headline: "已在加赛中淘汰", tone: "bad", buzz: off("已锁定") };
  }
  if (fouledNow(v, me)) {
    const fouls = rnd.fouls?.[me] || 0;
    return { ...out, state: "已锁定", headline: "犯规：未开始抢答", tone: "bad",
      sub: fouls > 1 ? `本轮第 ${fouls} 次犯规，本题不能再抢` : "本题不能再抢答", buzz: off("已锁定"), fb: fouled(v, me) };
  }
  if (ep.locked.includes(me)) {
    const mine = myJudgement(ep, me);
    const verdict = mine ? (mine.correct == null ? "已判分" : mine.correct ? "回答正确" : "回答错误") : "本题不参加抢答";
    return { ...out, state: "已锁定", headline: verdict,
      sub: mine ? "其他队可以继续抢答" : "",
      tone: mine && mine.correct === false ? "bad" : "",
      buzz: off("已锁定"), fb: mine ? judged(v, mine) : null };
  }
  if (pressedHere && press.error) {
    return { ...out, state: "已锁定", headline: press.error.message, tone: "bad", buzz: off("") };
  }
  if (pressedHere || myPress) {
    return { ...out, state: "已抢答", headline: "已按下，等待判定…", buzz: { live: false, mode: "pressed", label: "已抢答", hint: "" } };
  }
  if (ep.phase === "reading") {
    const again = (ep.rebuzz || []).includes(me);
    return { ...out, state: "读题中（请勿抢答）", headline: again ? "同时抢答！准备重新抢答" : "认真听题",
      sub: "听到“请抢答”后再按，提前按算犯规", buzz: { live: true, mode: "early", label: "抢答", hint: "未开始" } };
  }
  // open
  return { ...out, state: "抢答开始！", headline: "请抢答！", tone: "go", sub: "",
    buzz: { live: true, mode: "go", label: "抢答", hint: "按下！" } };
}

function allAnswer(v, me) {
  const ep = v.episode;
  const sub = ep.submissions?.[me];
  const out = { state: "", headline: "", sub: "", tone: "", buzz: null, action: null };
  if (ep.phase === "collecting") {
    if (sub) {
      return { ...out, state: "已提交", headline: `已提交：${shownAnswer(ep.question, sub.answer)}`,
        sub: sub.member ? `由 ${sub.member} 提交，等待其他队` : "等待其他队", tone: "good" };
    }
    return { ...out, state: "作答中", headline: "请在手机上作答", sub: "全队只提交一次，由一人提交即可", action: "answer" };
  }
  return { ...out, state: "判分中", headline: sub ? `已提交：${shownAnswer(ep.question, sub.answer)}` : "未提交",
    sub: "等待判分" };
}

function shownAnswer(question, answer) {
  if (answer == null) return "";
  if (question.type === "true_false") return answer === "true" ? "正确" : answer === "false" ? "错误" : answer;
  return String(answer);
}

// ---------------------------------------------------------------- actions
function renderTiers(v) {
  const rnd = v.round;
  const buttons = (rnd.tiers || []).map((tier) =>
    h("button", { type: "button", class: "tier", onclick: () => pickTier(tier), disabled: picking },
      h("b", {}, String(tier)), " 分"));
  if (rnd.allow_skip) {
    buttons.push(h("button", { type: "button", class: "tier skip", onclick: () => pickTier(null), disabled: picking }, "放弃"));
  }
  return h("div", { class: "tiers" }, buttons);
}

async function pickTier(tier) {
  if (picking) return;
  if (tier == null && !window.confirm("确定放弃本次选题吗？")) return;
  picking = true;
  render(view);
  const reply = await ask(live.socket, "pick_tier", { tier });
  picking = false;
  if (!reply.ok) toast(reply.error.message);
  render(live.latest() || view);
}

function choiceList(q) {
  if (q.type === "true_false") return [{ key: "true", label: "✓", text: "正确" }, { key: "false", label: "✗", text: "错误" }];
  return (q.options || []).map((text, i) => ({ key: LETTERS[i], label: LETTERS[i], text }));
}

function renderAnswerForm(v) {
  const q = v.episode.question;
  if (draft.qid !== q.id) draft = { qid: q.id, value: "" };
  const form = h("form", { class: "answer-form", onsubmit: (e) => { e.preventDefault(); submitAnswer(); } });
  if (q.type === "fill" || q.type === "short") {
    const input = h(q.type === "short" ? "textarea" : "input", {
      class: "answer-text", name: "answer", maxlength: 200, placeholder: "在这里输入答案", autocomplete: "off",
      rows: q.type === "short" ? 3 : null,
      oninput: (e) => { draft.value = e.target.value; syncSubmit(); } });
    input.value = draft.value;
    form.append(input);
  } else {
    const multiple = q.type === "multiple";
    form.append(h("div", { class: `choices ${multiple ? "multiple" : ""}` }, choiceList(q).map((o) => {
      const on = multiple ? draft.value.includes(o.key) : draft.value === o.key;
      return h("button", { type: "button", class: `choice ${on ? "on" : ""}`, "aria-pressed": on ? "true" : "false",
        dataset: { key: o.key },
        onclick: () => {
          if (multiple) {
            const set = new Set(draft.value);
            if (set.has(o.key)) set.delete(o.key); else set.add(o.key);
            draft.value = [...LETTERS].filter((k) => set.has(k)).join("");
          } else {
            draft.value = o.key;
          }
          for (const b of form.querySelectorAll(".choice")) {
            const sel = multiple ? draft.value.includes(b.dataset.key) : draft.value === b.dataset.key;
            b.classList.toggle("on", sel);
            b.setAttribute("aria-pressed", sel ? "true" : "false");
          }
          syncSubmit();
        } },
      h("span", { class: "choice-key" }, o.label), h("span", { class: "choice-text" }, o.text));
    })));
    if (multiple) form.append(h("p", { class: "hint" }, "多选：点选所有正确选项后提交"));
  }
  form.append(h("button", { type: "submit", class: "submit primary big", id: "submit-answer", disabled: true }, "提交"));
  return form;
}

function syncSubmit() {
  const btn = $("submit-answer");
  if (!btn || !view?.episode) return;
  const q = view.episode.question;
  const has = draft.value.trim() !== "";
  btn.disabled = !has || sending;
  btn.textContent = sending ? "提交中…" : has && q.type !== "fill" && q.type !== "short"
    ? `提交：${shownAnswer(q, draft.value)}` : "提交";
}

async function submitAnswer() {
  const value = draft.value.trim();
  if (!value || sending) return;
  sending = true;
  syncSubmit();
  const reply = await ask(live.socket, "submit_answer", { answer: value });
  sending = false;
  if (!reply.ok) toast(reply.error.message);
  syncSubmit();
  render(live.latest() || view);
}

/** A long team or member name wraps onto a second line and shrinks; it is never cut. */
function fitHeader() {
  fitText($("t-team"), { lines: 2, min: 13 });
  fitText($("t-member"), { lines: 2, min: 11 });
}
refitOnResize(fitHeader);

// ---------------------------------------------------------------- buzzing
let buzzState = null;

function onPress(event) {
  if (event.type === "pointerdown") {
    if (event.button > 0) return;
    event.preventDefault();
  }
  if (!buzzState?.live || !view?.episode || !live) return;
  const stamp = clientNow();
  const ep = view.episode;
  const mine = { key: openingKey(ep), phase: ep.phase, error: null };
  press = mine;
  const btn = $("buzz");
  btn.classList.add("pressed");
  vibrate(50);
  render(view);
  ask(live.socket, "buzz", { stamp }).then((reply) => {
    if (!reply.ok) {
      if (reply.error.code === "timeout") {
        if (press === mine) press = null;
        toast(reply.error.message);
      } else {
        mine.error = reply.error;
        toast(reply.error.message);
      }
    }
    render(live.latest() || view);
  });
}

const buzzBtn = $("buzz");
buzzBtn.addEventListener("pointerdown", onPress);
buzzBtn.addEventListener("click", (e) => { if (e.detail === 0) onPress(e); }); // keyboard
buzzBtn.addEventListener("contextmenu", (e) => e.preventDefault());

// ---------------------------------------------------------------- rendering
function renderHeader(v) {
  const me = v.me?.team_id;
  const team = teamMap(v).get(me);
  const head = $("t-head");
  if (team) {
    const colour = safeColour(team.colour);
    head.style.setProperty("--team", colour);
    head.style.setProperty("--team-ink", inkOn(colour));
    document.documentElement.style.setProperty("--team-ink", inkOn(colour));
    document.documentElement.style.setProperty("--team", colour);
    setText($("t-desk"), team.desk);
    setText($("t-team"), `${deskLabel(team)} · ${team.name}`);
    document.title = `${deskLabel(team)} ${team.name} · 抢答器`;
  }
  // room broadcasts carry the team, not the device: keep the name from this device's own view
  if (v.me?.member) memberName = v.me.member;
  setText($("t-member"), memberName ? `队员：${memberName}` : "");
  fitHeader();
  setText($("t-points"), scoreText(team?.score));
  setText($("t-rank"), team?.rank != null ? `${team.tied ? "并列" : ""}第 ${team.rank} 名` : "");
  setText($("t-round"), v.round ? v.round.title : v.title);
}

function renderQuestion(v) {
  const box = $("t-question");
  const ep = v.episode;
  const q = ep?.question;
  const show = q && (q.stem || ep.revealed);
  box.hidden = !show;
  if (!show) return;
  const options = (q.options || []).map((text, i) => h("li", {}, h("b", {}, LETTERS[i]), " ", text));
  const inForm = v.round?.kind === "all_answer" && ep.phase === "collecting" && !ep.submissions?.[v.me?.team_id];
  const node = h("div", {},
    h("div", { class: "t-q-meta" }, `${q.type_label}${ep.stake ? ` · ${ep.stake} 分` : ""}`),
    h("div", { class: "t-q-stem" }, q.stem),
    options.length && !inForm ? h("ol", { class: "t-q-options" }, options) : null,
    ep.revealed ? h("div", { class: "t-q-answer" }, "答案：", q.answer ?? "",
      q.explanation ? h("div", { class: "t-q-expl" }, q.explanation) : null) : null);
  const sig = node.innerHTML;
  if (box._sig !== sig) { box._sig = sig; box.replaceChildren(...node.childNodes); }
}

function renderAction(v, d) {
  const area = $("t-action");
  let key = "";
  if (d.action === "tiers") key = `tiers|${v.round.index}|${(v.round.tiers || []).join()}|${picking}`;
  if (d.action === "answer") key = `answer|${v.episode.question.id}`;
  if (key === actionKey) return;
  actionKey = key;
  if (d.action === "tiers") area.replaceChildren(renderTiers(v));
  else if (d.action === "answer") { area.replaceChildren(renderAnswerForm(v)); syncSubmit(); }
  else area.replaceChildren();
}

function renderBuzz(d) {
  const wrap = $("t-buzz-wrap");
  buzzState = d.buzz;
  wrap.hidden = !d.buzz;
  if (!d.buzz) return;
  const btn = $("buzz");
  btn.dataset.mode = d.buzz.mode;
  btn.classList.toggle("pressed", d.buzz.mode === "pressed" || d.buzz.mode === "won");
  btn.setAttribute("aria-disabled", d.buzz.live ? "false" : "true");
  setText($("buzz-label"), d.buzz.label);
  setText($("buzz-hint"), d.buzz.hint);
}

function render(v) {
  if (!v || blocked) return;
  view = v;
  renderHeader(v);
  const d = describe(v);
  const main = $("t-main");
  main.dataset.tone = d.tone || "";
  main.dataset.buzz = d.buzz && !d.fb ? "1" : "";
  main.dataset.wait = d.wait ? "1" : "";
  stateText = d.state;
  setText($("t-headline"), d.headline);
  setText($("t-sub"), d.sub);
  renderQuestion(v);
  renderAction(v, d);
  renderBuzz(d.fb ? { ...d, buzz: null } : d); // a result fills the screen; the button is off then anyway
  renderFeedback(v, d);
  renderLobby(v, d, memberName);
  tick();
}

function tick() {
  const v = view;
  const box = $("t-clock");
  const t = v?.timer;
  if (!v || !t || t.purpose === "window" || blocked) {
    box.hidden = true;
    setText($("t-state"), stateText);
    $("t-state").dataset.state = stateText;
    return;
  }
  box.hidden = false;
  const left = timerLeft(v, skew) ?? 0;
  const over = t.running && left <= 0;
  setText($("t-clock-label"), t.running ? t.label || "倒计时" : "计时暂停");
  setText($("t-clock-num"), over ? "0" : clockText(left));
  $("t-clock-fill").style.width = `${t.seconds > 0 ? Math.max(0, Math.min(100, (left / t.seconds) * 100)) : 0}%`;
  box.classList.toggle("urgent", left <= 5);
  // the server turns an expired countdown into a verdict within a moment; say so meanwhile
  setText($("t-state"), over ? "时间到" : stateText);
  $("t-state").dataset.state = over ? "时间到" : stateText;
}

setInterval(tick, 200);

let wonKey = "";
let lostKey = "";

let myself = null; // `me` from this device's first view: broadcasts to all teams leave it out

function onView(v) {
  if (v.me?.team_id) myself = { ...myself, ...v.me, member: v.me.member || myself?.member };
  else v.me = myself;
  skew = (v.server_time ?? Date.now() / 1000) - Date.now() / 1000;
  // a new opening clears this phone's press
  if (press && press.key !== openingKey(v.episode)) press = null;
  render(v);
  const ep = v.episode;
  const won = ep && ep.phase === "answering" && ep.team_id === v.me?.team_id
    && (v.round?.kind === "buzz" || v.round?.kind === "tiebreak");
  if (won && wonKey !== openingKey(ep)) vibrate([90, 60, 90]);
  wonKey = won ? openingKey(ep) : "";
  const lost = ep && ep.phase === "answering" && ep.team_id !== v.me?.team_id
    && (ep.presses || []).some((p) => p.team_id === v.me?.team_id);
  if (lost && lostKey !== openingKey(ep)) vibrate(200);
  lostKey = lost ? openingKey(ep) : "";
}

// ---------------------------------------------------------------- start
const token = localStorage.getItem(TOKEN_KEY);
if (!token) {
  block("这台手机还没有加入队伍", "请扫描桌上的二维码，或输入队伍 PIN 码加入。");
} else {
  const refused = (err) => {
    if (blocked) return;
    live.socket.disconnect();
    showConnection("refused");
    block("无法进入答题页", err.message || "身份验证失败，请重新加入", { forget: true });
  };
  live = connectLive({ role: "team", token }, onView, { onRefused: refused });
  watchRefusal(live.socket, refused);
  startClockSync(live.socket);
  setupBuzzerCheck(live.socket);
  live.socket.on("removed", (data) => {
    live.socket.disconnect();
    block("已被移出队伍", data?.message || "主持人已将这台设备移出队伍", { forget: true });
  });
  // keep the screen awake during the contest where the browser allows it
  const awake = () => navigator.wakeLock?.request?.("screen").catch(() => {});
  awake();
  document.addEventListener("visibilitychange", () => { if (document.visibilityState === "visible") awake(); });
}
