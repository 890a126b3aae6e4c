// HTML for the host console's panels, built from the host view.
// Every value from the view that people typed (team names, members, stems, answers,
// history) goes through esc(); nothing user-provided is ever inserted raw.

import { esc } from "./live.js";
import {
  OUTCOME_LABELS, PHASE_LABELS, ROUND_STATUS, TYPE_LABELS,
} from "./host_state.js";

const COLOUR = /^#[0-9a-fA-F]{3,8}$/;
const LETTERS = "ABCDEF";

export function teamsById(view) {
  return new Map(view.teams.map((t) => [t.id, t]));
}

/** "2号台 物理系" (plain text; escape before inserting as HTML). */
export function teamText(team) {
  return team ? `${team.desk}号台 ${team.name}` : "";
}

export function swatch(team) {
  const colour = team && COLOUR.test(team.colour || "") ? team.colour : "#999";
  return `<span class="swatch" style="background:${colour}"></span>`;
}

/** A team as HTML: colour swatch, desk and name (escaped). */
export function teamTag(team, fallbackId = "") {
  if (!team) return `<span class="team-tag">${esc(fallbackId)}</span>`;
  return `<span class="team-tag">${swatch(team)}<b>${esc(team.desk)}号台</b> ${esc(team.name)}</span>`;
}

function answerWord(type, answer) {
  if (type === "true_false") return answer === "true" ? "正确" : answer === "false" ? "错误" : answer;
  return answer;
}

function signed(n) {
  return n > 0 ? `+${n}` : n < 0 ? `−${Math.abs(n)}` : "±0";
}

// --- scoreboard -------------------------------------------------------------

export function renderScoreboard(view, previous) {
  const ep = view.episode;
  const r = view.round;
  const teams = view.teams;
  const online = (view.presence && view.presence.teams) || {};
  const devices = (view.presence && view.presence.devices) || {};
  const rows = teams.map((t) => {
    const names = online[t.id] || [];
    const count = devices[t.id] || 0;
    const total = t.members.length || 5;
    const tags = [];
    if (ep && ep.team_id === t.id && ep.phase === "answering") tags.push(`<span class="tag answering">作答中</span>`);
    if (r && r.status === "running" && r.turn_team === t.id && !(ep && ep.team_id === t.id && ep.phase === "answering")) {
      tags.push(`<span class="tag turn">${r.kind === "risk" ? "轮到选分" : "下一个作答"}</span>`);
    }
    if (r && r.fouls && r.fouls[t.id]) tags.push(`<span class="tag bad">犯规 ${esc(r.fouls[t.id])} 次</span>`);
    if (r && r.barred && r.barred.includes(t.id)) tags.push(`<span class="tag bad">取消本轮抢答资格</span>`);
    if (r && r.eliminated && r.eliminated.includes(t.id)) tags.push(`<span class="tag bad">加赛淘汰</span>`);
    if (r && r.winner === t.id) tags.push(`<span class="tag ok">加赛胜出</span>`);
    if (ep && ep.locked && ep.locked.includes(t.id) && ["reading", "open"].includes(ep.phase)) {
      tags.push(`<span class="tag">本题不能抢答</span>`);
    }
    const before = previous ? previous.get(t.id) : undefined;
    const delta = before != null && t.score != null ? t.score - before : 0;
    const bump = delta ? `<span class="bump ${delta > 0 ? "up" : "down"}">${signed(delta)}</span>` : "";
    const cls = [
      ep && ep.team_id === t.id && ep.phase === "answering" ? "is-answering" : "",
      r && r.status === "running" && r.turn_team === t.id ? "is-turn" : "",
    ].join(" ");
    return `<tr data-team="${esc(t.id)}" class="${cls}">
      <td class="desk" style="border-left-color:${COLOUR.test(t.colour || "") ? t.colour : "#999"}">${esc(t.desk)}</td>
      <td class="who">
        <div class="name">${swatch(t)}<span data-name>${esc(t.name)}</span></div>
        <div class="online ${count ? "" : "none"}" title="${esc(names.join("、"))}">
          在线 ${esc(count)}/${esc(total)}${names.length ? ` · ${esc(names.join("、"))}` : ""}</div>
        ${tags.length ? `<div class="tags">${tags.join("")}</div>` : ""}
      </td>
      <td class="score"><span data-score>${t.score == null ? "—" : esc(t.score)}</span>${bump}</td>
      <td class="rank">${t.rank == null ? "" : `第 ${esc(t.rank)}${t.tied ? "<small>（并列）</small>" : ""}`}</td>
      <td class="adjust"><button type="button" class="small" data-adjust="${esc(t.id)}">调分</button></td>
    </tr>`;
  });
  return `<table class="hc-score-table">
    <thead><tr><th>台</th><th>队伍 / 在线</th><th>得分</th><th>名次</th><th></th></tr></thead>
    <tbody>${rows.join("")}</tbody></table>`;
}

// --- question ---------------------------------------------------------------

export function renderQuestion(view, info) {
  const ep = view.episode;
  const r = view.round;
  const teams = teamsById(view);
  if (!ep) {
    let msg = "";
    if (view.status === "finished") return renderFinished(view, info);
    else if (!r) msg = "比赛还没有开始。检查队伍手机都已加入后，点击“开始下一轮”（S）。";
    else if (r.status !== "running") {
      msg = info.actions.startRound.on ? `“${r.title}”已结束。点击“开始下一轮”（S）继续。`
        : "所有轮次都已结束。如有同分可“加赛”，否则点击“结束比赛”。";
    } else if (r.kind === "risk" && r.turn_team && r.picked_tier == null) {
      msg = `等待 ${teamText(teams.get(r.turn_team))} 选择分值（可在上方代为选择）。`;
    } else if (r.kind === "risk" && r.picked_tier != null) {
      msg = `已选择 ${r.picked_tier} 分，点击“下一题”出题。`;
    } else if (info.actions.next.on) msg = "点击“下一题”（N）出题。";
    else msg = info.actions.next.why;
    return `<p class="hc-idle">${esc(msg)}</p>`;
  }
  const q = ep.question;
  const keys = new Set(q.answer_keys || []);
  const answering = teams.get(ep.team_id);
  const winner = ep.presses.find((p) => p.team_id === ep.team_id && p.decision === "valid");
  const options = q.options.length
    ? `<ol class="hc-q-options">${q.options.map((o, i) => {
      const key = LETTERS[i];
      const right = keys.has(key);
      return `<li class="${right ? "correct" : ""}"><b>${key}</b><span>${esc(o)}</span>${right ? `<i class="mark">✓ 答案</i>` : ""}</li>`;
    }).join("")}</ol>`
    : "";
  const secret = ep.revealed
    ? `<span class="secret-tag shown">已公布</span>`
    : `<span class="secret-tag">仅主持人可见</span>`;
  const judgements = ep.judgements.length && !(r && r.kind === "all_answer")
    ? `<ul class="hc-q-judgements">${ep.judgements.map((j) => `<li class="${j.correct ? "ok" : "bad"}">
        ${teamTag(teams.get(j.team_id), j.team_id)} ${j.correct ? "✓ 正确" : "✗ 错误"}
        <b>${esc(signed(j.points))} 分</b></li>`).join("")}</ul>`
    : "";
  const outcome = ep.outcome && OUTCOME_LABELS[ep.outcome]
    ? `<span class="pill outcome-${esc(ep.outcome)}">${esc(OUTCOME_LABELS[ep.outcome])}</span>` : "";
  const who = answering
    ? `<div class="hc-q-team">${ep.phase === "answering" ? "作答：" : "答题队："}${teamTag(answering)}${winner && winner.member ? ` · ${esc(winner.member)}` : ""}</div>`
    : "";
  return `
    <div class="hc-q-meta">
      <span class="pill type">${esc(q.type_label || TYPE_LABELS[q.type] || q.type)}</span>
      <span class="pill">${esc(r ? r.title : "")}</span>
      <span class="pill stake">分值 ${esc(ep.stake)}</span>
      <span class="pill phase phase-${esc(ep.phase)}" data-phase>${esc(PHASE_LABELS[ep.phase] || ep.phase)}</span>
      ${outcome}
      <span class="muted small">题号 ${esc(q.id)}</span>
    </div>
    ${who}
    <p class="hc-q-stem" data-stem>${esc(q.stem)}</p>
    ${q.image ? `<p class="muted small">（本题有配图：${esc(q.image)}）</p>` : ""}
    ${options}
    <div class="hc-q-answer" data-answer>${secret}<span class="label">答案</span>
      <strong>${esc(q.answer == null ? "（未提供）" : q.answer)}</strong></div>
    ${q.key_points && q.key_points.length ? `<div class="hc-q-points" data-key-points><span class="label">得分要点</span>
      <ol>${q.key_points.map((p) => `<li>${esc(p)}</li>`).join("")}</ol></div>` : ""}
    ${q.explanation ? `<div class="hc-q-expl"><span class="label">解析</span>${esc(q.explanation)}</div>` : ""}
    ${judgements}`;
}

/** The finished console: who won, and every way on (results, export, awards, analytics, the list). */
function renderFinished(view, info) {
  const base = `/host/${encodeURIComponent(info.contestId || "")}`;
  const top = view.teams.filter((t) => t.rank === 1);
  const champion = top.length
    ? `<p class="hc-champion">${top.length > 1 ? "并列冠军" : "冠军"}：${top.map((t) => teamTag(t)).join("、")}</p>` : "";
  const link = (href, text, id, newTab = true) => `<a class="button" id="${id}" href="${href}"${
    newTab ? ' target="_blank" rel="noopener"' : ""}>${text}</a>`;
  return `<p class="hc-idle">比赛已结束。大屏显示最终排名。</p>${champion}
    <nav class="hc-after" id="hc-after" aria-label="比赛结束后">
      ${link(`${base}/results`, "成绩公告与奖状设置 ↗", "hc-after-results")}
      ${link(`${base}/export.xlsx`, "导出 Excel ⤓", "hc-after-export", false)}
      ${link(`${base}/certificates.pdf`, "打印奖状（PDF）↗", "hc-after-certificates")}
      ${link(`${base}/poster.png`, "成绩海报 ↗", "hc-after-poster")}
      ${link(`${base}/analytics`, "题目分析 ↗", "hc-after-analytics")}
      ${link("/host", "‹ 返回比赛列表", "hc-after-list", false)}
    </nav>`;
}

// --- buzz order, tie notices --------------------------------------------------

const DECISIONS = { valid: "有效", late: "已有队伍作答", duplicate: "重复按键" };

export function renderBuzz(view) {
  const ep = view.episode;
  const r = view.round;
  if (!ep || !r || !["buzz", "tiebreak"].includes(r.kind)) return "";
  const teams = teamsById(view);
  const notices = [];
  if (ep.rebuzz && ep.rebuzz.length) {
    notices.push(`<p class="notice warn">⚠ 同时抢答（差距小于测量误差）：${ep.rebuzz.map((t) => teamTag(teams.get(t), t)).join("、")}
      需要重新抢答，请再次点击“开始抢答”。</p>`);
  }
  if (ep.tied_with && ep.tied_with.length) {
    notices.push(`<p class="notice warn">⚠ ${teamTag(teams.get(ep.team_id), ep.team_id)} 与
      ${ep.tied_with.map((t) => teamTag(teams.get(t), t)).join("、")} 几乎同时抢答（差距小于测量误差），已按到达先后判给前者。</p>`);
  }
  const rows = ep.presses.map((p, i) => `<li class="press ${esc(p.decision)} ${p.team_id === ep.team_id ? "winner" : ""}">
      <span class="order">${i + 1}</span>
      <span class="who">${teamTag(teams.get(p.team_id), p.team_id)}${p.member ? ` · ${esc(p.member)}` : ""}</span>
      <span class="gap">${i === 0 ? "最先" : `+${Number(p.gap).toFixed(3)} s`}</span>
      <span class="decision">${esc(DECISIONS[p.decision] || p.decision)}</span>
    </li>`);
  const locked = (ep.locked || []).filter((t) => teams.has(t));
  let body;
  if (rows.length) body = `<ol class="hc-presses" data-presses>${rows.join("")}</ol>`;
  else if (ep.phase === "reading") body = `<p class="muted">读题中，读完后点击“开始抢答”（提前按键算犯规）。</p>`;
  else if (ep.phase === "open") body = `<p class="muted">已开放抢答，等待按键…</p>`;
  else body = `<p class="muted">本轮抢答无人按键。</p>`;
  return `<section class="card hc-buzz"><h2>抢答顺序</h2>${notices.join("")}${body}
    ${locked.length && ep.phase !== "judged" ? `<p class="muted small">本题不能再抢：${locked.map((t) => esc(teamText(teams.get(t)))).join("、")}</p>` : ""}
  </section>`;
}

// --- 共答 submissions ----------------------------------------------------------

export function renderSubmissions(view) {
  const ep = view.episode;
  const r = view.round;
  if (!ep || !r || r.kind !== "all_answer") return "";
  const judged = new Map(ep.judgements.map((j) => [j.team_id, j]));
  const count = Object.keys(ep.submissions).length;
  const canJudge = ep.phase === "answering";
  const rows = view.teams.map((t) => {
    const sub = ep.submissions[t.id];
    const j = judged.get(t.id);
    let result = `<span class="muted">${ep.phase === "collecting" ? "作答中…" : "待判定"}</span>`;
    if (j) result = `<span class="${j.correct ? "ok" : "bad"}">${j.correct ? "✓ 正确" : "✗ 错误"} ${esc(signed(j.points))}</span>`;
    const buttons = canJudge && !j
      ? `<button type="button" class="small ok" data-judge-team="${esc(t.id)}" data-correct="1">✓</button>
         <button type="button" class="small bad" data-judge-team="${esc(t.id)}" data-correct="0">✗</button>` : "";
    return `<tr data-team="${esc(t.id)}">
      <td>${teamTag(t)}</td>
      <td>${sub ? esc(sub.member) : ""}</td>
      <td class="answer">${sub ? esc(answerWord(ep.question.type, sub.answer)) : `<span class="muted">未提交</span>`}</td>
      <td>${result}</td><td class="judge">${buttons}</td></tr>`;
  });
  return `<section class="card hc-subs"><h2>共答提交 <small class="muted">${count}/${view.teams.length} 队已提交</small></h2>
    ${canJudge && ep.question.type === "short" ? `<p class="muted small">简答题需要主持人逐队判定。</p>` : ""}
    <table class="hc-table"><thead><tr><th>队伍</th><th>提交人</th><th>答案</th><th>结果</th><th></th></tr></thead>
    <tbody>${rows.join("")}</tbody></table></section>`;
}

// --- audience tally -------------------------------------------------------------

export function renderAudience(view) {
  const ep = view.episode;
  if (!ep || (ep.phase !== "audience" && !ep.audience_count)) return "";
  const q = ep.question;
  const choices = q.options.length ? LETTERS.slice(0, q.options.length).split("") : ["true", "false"];
  const total = ep.audience_count || 0;
  const keys = new Set(q.answer_keys || []);
  const bars = choices.map((c) => {
    const n = ep.audience_tally[c] || 0;
    const pct = total ? Math.round((n * 100) / total) : 0;
    const label = c === "true" ? "正确" : c === "false" ? "错误" : c;
    return `<li class="${keys.has(c) ? "correct" : ""}"><b>${esc(label)}</b>
      <span class="bar"><span style="width:${pct}%"></span></span><span>${n} 人（${pct}%）</span></li>`;
  });
  const watchers = view.presence && view.presence.watchers != null ? `，在线观众 ${esc(view.presence.watchers)} 人` : "";
  return `<section class="card hc-audience"><h2>观众答题 <small class="muted">已答 ${esc(total)} 人${watchers}</small></h2>
    <ul class="hc-tally">${bars.join("")}</ul></section>`;
}

// --- risk turn, tie-break, tied teams ------------------------------------------------

export function renderSpecial(view, info) {
  const r = view.round;
  const teams = teamsById(view);
  const parts = [];
  if (r && r.status === "running" && r.kind === "risk") {
    const turn = teams.get(r.turn_team);
    let body;
    if (!r.turn_team) body = `<p class="muted">各队都已选过分值。</p>`;
    else if (r.picked_tier != null) body = `<p>${teamTag(turn, r.turn_team)} 已选择 <b class="big-num">${esc(r.picked_tier)} 分</b></p>`;
    else {
      const tiers = r.tiers.map((t) => `<button type="button" class="tier" data-tier="${esc(t)}" ${info.actions.pickTier.on ? "" : "disabled"}>${esc(t)} 分</button>`).join("");
      const skip = r.allow_skip ? `<button type="button" class="tier skip" data-tier="skip" ${info.actions.pickTier.on ? "" : "disabled"}>放弃</button>` : "";
      body = `<p>轮到 ${teamTag(turn, r.turn_team)} 选择分值（队伍手机可自选，也可由主持人代选）：</p>
        <div class="hc-tiers ${info.suggest === "pickTier" ? "suggest" : ""}">${tiers}${skip}</div>`;
    }
    parts.push(`<section class="card hc-risk" data-risk><h2>风险题选分</h2>${body}</section>`);
  }
  if (r && r.kind === "tiebreak") {
    const elig = (r.eligible || []).map((t) => teamTag(teams.get(t), t)).join("、");
    const out = (r.eliminated || []).map((t) => teamTag(teams.get(t), t)).join("、");
    parts.push(`<section class="card hc-tb"><h2>加赛</h2><p>参赛：${elig || "—"}</p>
      ${out ? `<p>已淘汰：${out}</p>` : ""}
      ${r.winner ? `<p class="ok">胜出：${teamTag(teams.get(r.winner), r.winner)}</p>` : ""}</section>`);
  }
  if (info.actions.tiebreak.on && info.groups.length) {
    const groups = info.groups.map((g) => `<li>${esc(g[0].score)} 分同分：${g.map((t) => teamTag(t)).join("、")}
      <button type="button" class="small" data-tiebreak="${esc(g.map((t) => t.id).join(","))}">为这组加赛</button></li>`);
    parts.push(`<section class="card hc-ties"><h2>同分队伍</h2><ul>${groups.join("")}</ul></section>`);
  }
  return parts.join("");
}

// --- rounds, devices, history ---------------------------------------------------------

export function renderRounds(view) {
  const current = view.round ? view.round.index : -1;
  return `<ol class="hc-round-list">${view.rounds.map((x) => `<li class="round-${esc(x.status)} ${x.index === current ? "current" : ""}">
      <div><b>${esc(x.title)}</b> <span class="muted small">${esc(x.kind_label)}</span></div>
      <div class="small"><span class="pill status-${esc(x.status)}">${esc(ROUND_STATUS[x.status] || x.status)}</span>
        待出 <b data-remaining>${esc(x.remaining)}</b> 题
        ${x.status !== "ended" && view.status !== "finished" ? `<button type="button" class="small" data-pick-round="${esc(x.index)}">选题…</button>` : ""}</div>
    </li>`).join("")}</ol>`;
}

export function renderDevices(view) {
  const devices = view.devices || [];
  const online = (view.presence && view.presence.teams) || {};
  const failures = view.pin_failures || {};
  if (!devices.length && !Object.keys(failures).length) return `<p class="muted small">还没有手机加入。打印“入场二维码”放到各队桌上。</p>`;
  const groups = view.teams.map((t) => {
    const mine = devices.filter((d) => d.team_id === t.id);
    const fails = Number(failures[t.id] || 0);
    if (!mine.length && !fails) return "";
    const names = new Set(online[t.id] || []);
    const warn = fails ? ` <span class="pin-failures small" data-pin-failures="${esc(t.id)}" title="有人输错本队 PIN 码；太多时请重新生成二维码">PIN 输错 ${fails} 次</span>` : "";
    return `<li><div>${teamTag(t)} <span class="muted small">${mine.length} 台</span>${warn}</div>
      <ul>${mine.map((d) => `<li><span class="dot ${names.has(d.member) ? "on" : ""}" title="${names.has(d.member) ? "在线" : "离线"}"></span>
        ${esc(d.member || "（未署名）")}
        ${d.delay_outlier ? `<span class="tag bad small" title="网络延迟 ${esc(d.delay_ms)} ms，明显高于全场，抢答时只按全场水平补偿">延迟异常</span>` : ""}
        <button type="button" class="small" data-remove-device="${esc(d.id)}" data-member="${esc(d.member)}" data-team-name="${esc(teamText(t))}">移除</button></li>`).join("")}</ul></li>`;
  });
  return `<ul class="hc-device-list">${groups.join("")}</ul>`;
}

export function renderHistory(view) {
  const teams = teamsById(view);
  const actor = (a) => {
    if (a === "host") return "主持人";
    if (a && a.startsWith("team:")) return teamText(teams.get(a.slice(5))) || "队伍";
    if (a && a.startsWith("key:")) return `${teamText(teams.get(a.slice(4))) || "队伍"}（按键抢答器）`;
    if (a === "audience") return "观众";
    if (a === "system" || a === "clock" || a === "timer") return "系统";
    return a || "";
  };
  const items = [...(view.history || [])].reverse();
  if (!items.length) return `<li class="muted small">暂无</li>`;
  return items.map((h) => `<li><span class="muted small">#${esc(h.batch)}</span> ${esc(h.description)}
    <span class="muted small">· ${esc(actor(h.actor))}</span></li>`).join("");
}
