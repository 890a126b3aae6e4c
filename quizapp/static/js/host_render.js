// The host console's panels as h() trees, built from the host view: host_dom.patchChildren puts
// them on the page. Text goes in as text nodes, so a team name is never parsed as HTML. What the
// host may do comes from `view.actions` (the server's dry run of its rules), every word for a
// state from the view's labels (core/labels.py).

import { h } from "./host_dom.js";

const COLOUR = /^#[0-9a-fA-F]{3,8}$/;
const LETTERS = "ABCDEF";

export function teamsById(view) {
  return new Map(view.teams.map((t) => [t.id, t]));
}

/** "2号台 物理系" (plain text). */
export function teamText(team) {
  return team ? `${team.desk}号台 ${team.name}` : "";
}

function colourOf(team) {
  return team && COLOUR.test(team.colour || "") ? team.colour : "#999";
}

function swatch(team) {
  return h("span", { class: "swatch", style: { background: colourOf(team) } });
}

/** A team: colour swatch, desk and name. */
export function teamTag(team, fallbackId = "") {
  if (!team) return h("span", { class: "team-tag" }, fallbackId);
  return h("span", { class: "team-tag" }, swatch(team), h("b", null, `${team.desk}号台`), ` ${team.name}`);
}

function joined(nodes, separator = "、") {
  return nodes.flatMap((n, i) => (i ? [separator, n] : [n]));
}

function signed(n) {
  return n > 0 ? `+${n}` : n < 0 ? `−${Math.abs(n)}` : "±0";
}

function allowed(view, name) {
  return Boolean(view.actions && view.actions[name] && view.actions[name].on);
}

// --- scoreboard -------------------------------------------------------------

function scoreTags(view, t) {
  const ep = view.episode;
  const r = view.round;
  const answering = ep && ep.team_id === t.id && ep.phase === "answering";
  const tags = [];
  if (answering) tags.push(h("span", { class: "tag answering" }, ep.phase_label));
  if (r && r.status === "running" && r.turn_team === t.id && !answering) {
    tags.push(h("span", { class: "tag turn" }, r.kind === "risk" ? "轮到选分" : "下一个作答"));
  }
  if (r && r.fouls && r.fouls[t.id]) tags.push(h("span", { class: "tag bad" }, `犯规 ${r.fouls[t.id]} 次`));
  if (r && r.barred && r.barred.includes(t.id)) tags.push(h("span", { class: "tag bad" }, "取消本轮抢答资格"));
  if (r && r.eliminated && r.eliminated.includes(t.id)) tags.push(h("span", { class: "tag bad" }, "加赛淘汰"));
  if (r && r.winner === t.id) tags.push(h("span", { class: "tag ok" }, "加赛胜出"));
  if (ep && ep.locked && ep.locked.includes(t.id) && ["reading", "open"].includes(ep.phase)) {
    tags.push(h("span", { class: "tag" }, "本题不能抢答"));
  }
  return tags;
}

/** The scores table; `previous` (team id -> score before this version) makes the +N bumps. */
export function renderScoreboard(view, previous) {
  const ep = view.episode;
  const r = view.round;
  const online = (view.presence && view.presence.teams) || {};
  const devices = (view.presence && view.presence.devices) || {};
  const rows = view.teams.map((t) => {
    const names = online[t.id] || [];
    const count = devices[t.id] || 0;
    const total = t.members.length || 5;
    const tags = scoreTags(view, t);
    const before = previous ? previous.get(t.id) : undefined;
    const delta = before != null && t.score != null ? t.score - before : 0;
    const cls = [
      ep && ep.team_id === t.id && ep.phase === "answering" ? "is-answering" : "",
      r && r.status === "running" && r.turn_team === t.id ? "is-turn" : "",
    ].join(" ").trim();
    return h("tr", { "data-key": t.id, dataset: { team: t.id }, class: cls || null },
      h("td", { class: "desk", style: { "border-left-color": colourOf(t) } }, String(t.desk)),
      h("td", { class: "who" },
        h("div", { class: "name" }, swatch(t), h("span", { "data-name": true }, t.name)),
        h("div", { class: `online${count ? "" : " none"}`, title: names.join("、") },
          `在线 ${count}/${total}${names.length ? ` · ${names.join("、")}` : ""}`),
        tags.length ? h("div", { class: "tags" }, tags) : null),
      h("td", { class: "score" }, h("span", { "data-score": true }, t.score == null ? "—" : String(t.score)),
        // keyed by version: the same change twice in a row still animates
        delta ? h("span", { class: `bump ${delta > 0 ? "up" : "down"}`, "data-key": `bump-${view.version}` }, signed(delta))
          : null),
      h("td", { class: "rank" }, t.rank == null ? "" : [`第 ${t.rank}`, t.tied ? h("small", null, "（并列）") : null]),
      h("td", { class: "adjust" }, h("button", {
        type: "button", class: "small", "data-adjust": t.id,
        disabled: !allowed(view, "adjust"), title: allowed(view, "adjust") ? null : view.actions.adjust.why,
      }, "调分")));
  });
  return [h("table", { class: "hc-score-table" },
    h("thead", null, h("tr", null, h("th", null, "台"), h("th", null, "队伍 / 在线"), h("th", null, "得分"),
      h("th", null, "名次"), h("th", null))),
    h("tbody", null, rows))];
}

// --- question ---------------------------------------------------------------

function idleText(view) {
  const r = view.round;
  const teams = teamsById(view);
  const a = view.actions;
  if (!r) return "比赛还没有开始。检查队伍手机都已加入后，点击“开始下一轮”（S）。";
  if (r.status !== "running") {
    return a.startRound.on ? `“${r.title}”已结束。点击“开始下一轮”（S）继续。`
      : "所有轮次都已结束。如有同分可“加赛”，否则点击“结束比赛”。";
  }
  if (a.pickTier.on) return `等待 ${teamText(teams.get(r.turn_team))} 选择分值（可在上方代为选择）。`;
  if (r.kind === "risk" && r.picked_tier != null && a.next.on) return `已选择 ${r.picked_tier} 分，点击“下一题”出题。`;
  if (a.next.on) return "点击“下一题”（N）出题。";
  return a.next.why;
}

export function renderQuestion(view, contestId) {
  const ep = view.episode;
  const r = view.round;
  const teams = teamsById(view);
  if (!ep) {
    if (view.status === "finished") return renderFinished(view, contestId);
    return [h("p", { class: "hc-idle" }, idleText(view))];
  }
  const q = ep.question;
  const keys = new Set(q.answer_keys || []);
  const answering = teams.get(ep.team_id);
  const winner = ep.presses.find((p) => p.team_id === ep.team_id && p.decision === "valid");
  const options = q.options.length
    ? h("ol", { class: "hc-q-options" }, q.options.map((o, i) => {
      const key = LETTERS[i];
      const right = keys.has(key);
      return h("li", { class: right ? "correct" : null }, h("b", null, key), h("span", null, o),
        right ? h("i", { class: "mark" }, "✓ 答案") : null);
    }))
    : null;
  const judgements = ep.judgements.length && !(r && r.kind === "all_answer")
    ? h("ul", { class: "hc-q-judgements" }, ep.judgements.map((j) => h("li", { class: j.correct ? "ok" : "bad" },
      teamTag(teams.get(j.team_id), j.team_id), ` ${j.correct ? "✓" : "✗"} ${j.label} `,
      h("b", null, `${signed(j.points)} 分`))))
    : null;
  return [
    h("div", { class: "hc-q-meta" },
      h("span", { class: "pill type" }, q.type_label),
      h("span", { class: "pill" }, r ? r.title : ""),
      h("span", { class: "pill stake" }, `分值 ${ep.stake}`),
      h("span", { class: `pill phase phase-${ep.phase}`, "data-phase": true }, ep.phase_label),
      ep.outcome_label ? h("span", { class: `pill outcome-${ep.outcome}` }, ep.outcome_label) : null,
      h("span", { class: "muted small" }, `题号 ${q.id}`)),
    answering ? h("div", { class: "hc-q-team" }, ep.phase === "answering" ? "作答：" : "答题队：", teamTag(answering),
      winner && winner.member ? ` · ${winner.member}` : null) : null,
    h("p", { class: "hc-q-stem", "data-stem": true }, q.stem),
    q.image ? h("p", { class: "muted small" }, `（本题有配图：${q.image}）`) : null,
    options,
    h("div", { class: "hc-q-answer", "data-answer": true },
      h("span", { class: ep.revealed ? "secret-tag shown" : "secret-tag" }, ep.revealed ? "已公布" : "仅主持人可见"),
      h("span", { class: "label" }, "答案"), h("strong", null, q.answer == null ? "（未提供）" : q.answer)),
    q.key_points && q.key_points.length ? h("div", { class: "hc-q-points", "data-key-points": true },
      h("span", { class: "label" }, "得分要点"), h("ol", null, q.key_points.map((p) => h("li", null, p)))) : null,
    q.explanation ? h("div", { class: "hc-q-expl" }, h("span", { class: "label" }, "解析"), q.explanation) : null,
    judgements,
  ];
}

/** The finished console: who won, and every way on (results, export, awards, analytics, the list). */
function renderFinished(view, contestId) {
  const base = `/host/${encodeURIComponent(contestId || "")}`;
  const top = view.teams.filter((t) => (view.champions || []).includes(t.id));
  const link = (href, text, id, newTab = true) => h("a", {
    class: "button", id, href, target: newTab ? "_blank" : null, rel: newTab ? "noopener" : null,
  }, text);
  return [
    h("p", { class: "hc-idle" }, "比赛已结束。大屏显示最终排名。"),
    top.length ? h("p", { class: "hc-champion" }, `${view.champions_label}：`, joined(top.map((t) => teamTag(t)))) : null,
    h("nav", { class: "hc-after", id: "hc-after", "aria-label": "比赛结束后" },
      link(`${base}/results`, "成绩公告与奖状设置 ↗", "hc-after-results"),
      link(`${base}/export.xlsx`, "导出 Excel ⤓", "hc-after-export", false),
      link(`${base}/certificates.pdf`, "打印奖状（PDF）↗", "hc-after-certificates"),
      link(`${base}/poster.png`, "成绩海报 ↗", "hc-after-poster"),
      link(`${base}/analytics`, "题目分析 ↗", "hc-after-analytics"),
      link("/host", "‹ 返回比赛列表", "hc-after-list", false)),
  ];
}

// --- buzz order, tie notices --------------------------------------------------

export function renderBuzz(view) {
  const ep = view.episode;
  const r = view.round;
  if (!ep || !r || !["buzz", "tiebreak"].includes(r.kind)) return [];
  const teams = teamsById(view);
  const tag = (id) => teamTag(teams.get(id), id);
  const notices = [];
  if (ep.rebuzz && ep.rebuzz.length) {
    notices.push(h("p", { class: "notice warn" }, "⚠ 同时抢答（差距小于测量误差）：", joined(ep.rebuzz.map(tag)),
      " 需要重新抢答，请再次点击“开始抢答”。"));
  }
  if (ep.tied_with && ep.tied_with.length) {
    notices.push(h("p", { class: "notice warn" }, "⚠ ", tag(ep.team_id), " 与 ", joined(ep.tied_with.map(tag)),
      " 几乎同时抢答（差距小于测量误差），已按到达先后判给前者。"));
  }
  const rows = ep.presses.map((p, i) => h("li", {
    class: `press ${p.decision}${p.team_id === ep.team_id ? " winner" : ""}`, "data-key": `${p.team_id}-${i}`,
  },
  h("span", { class: "order" }, String(i + 1)),
  h("span", { class: "who" }, tag(p.team_id), p.member ? ` · ${p.member}` : null),
  h("span", { class: "gap" }, i === 0 ? "最先" : `+${Number(p.gap).toFixed(3)} s`),
  h("span", { class: "decision" }, p.decision_label)));
  const locked = (ep.locked || []).filter((t) => teams.has(t));
  let body;
  if (rows.length) body = h("ol", { class: "hc-presses", "data-presses": true }, rows);
  else if (ep.phase === "reading") body = h("p", { class: "muted" }, "读题中，读完后点击“开始抢答”（提前按键算犯规）。");
  else if (ep.phase === "open") body = h("p", { class: "muted" }, "已开放抢答，等待按键…");
  else body = h("p", { class: "muted" }, "本轮抢答无人按键。");
  return [h("section", { class: "card hc-buzz" }, h("h2", null, "抢答顺序"), notices, body,
    locked.length && ep.phase !== "judged"
      ? h("p", { class: "muted small" }, `本题不能再抢：${locked.map((t) => teamText(teams.get(t))).join("、")}`) : null)];
}

// --- 共答 submissions ----------------------------------------------------------

export function renderSubmissions(view) {
  const ep = view.episode;
  const r = view.round;
  if (!ep || !r || r.kind !== "all_answer") return [];
  const judged = new Map(ep.judgements.map((j) => [j.team_id, j]));
  const count = Object.keys(ep.submissions).length;
  const anyJudgeable = view.teams.some((t) => allowed(view, `correct:${t.id}`));
  const rows = view.teams.map((t) => {
    const sub = ep.submissions[t.id];
    const j = judged.get(t.id);
    const result = j
      ? h("span", { class: j.correct ? "ok" : "bad" }, `${j.correct ? "✓" : "✗"} ${j.label} ${signed(j.points)}`)
      : h("span", { class: "muted" }, ep.phase === "collecting" ? "作答中…" : "待判定");
    const buttons = [
      allowed(view, `correct:${t.id}`) ? h("button", {
        type: "button", class: "small ok", dataset: { judgeTeam: t.id, correct: "1" }, "aria-label": `${teamText(t)} 正确`,
      }, "✓") : null,
      allowed(view, `wrong:${t.id}`) ? h("button", {
        type: "button", class: "small bad", dataset: { judgeTeam: t.id, correct: "0" }, "aria-label": `${teamText(t)} 错误`,
      }, "✗") : null,
    ];
    return h("tr", { "data-key": t.id, dataset: { team: t.id } },
      h("td", null, teamTag(t)),
      h("td", null, sub ? sub.member : ""),
      h("td", { class: "answer" }, sub ? sub.answer_label : h("span", { class: "muted" }, "未提交")),
      h("td", null, result), h("td", { class: "judge" }, buttons));
  });
  return [h("section", { class: "card hc-subs" },
    h("h2", null, "共答提交 ", h("small", { class: "muted" }, `${count}/${view.teams.length} 队已提交`)),
    anyJudgeable && ep.question.type === "short" ? h("p", { class: "muted small" }, "简答题需要主持人逐队判定。") : null,
    h("table", { class: "hc-table" },
      h("thead", null, h("tr", null, ["队伍", "提交人", "答案", "结果", ""].map((x) => h("th", null, x)))),
      h("tbody", null, rows)))];
}

// --- audience tally -------------------------------------------------------------

export function renderAudience(view) {
  const ep = view.episode;
  if (!ep || (ep.phase !== "audience" && !ep.audience_count)) return [];
  const q = ep.question;
  const choices = q.options.length ? LETTERS.slice(0, q.options.length).split("") : ["true", "false"];
  const total = ep.audience_count || 0;
  const keys = new Set(q.answer_keys || []);
  const bars = choices.map((c) => {
    const n = ep.audience_tally[c] || 0;
    const pct = total ? Math.round((n * 100) / total) : 0;
    const label = c === "true" ? "正确" : c === "false" ? "错误" : c;
    return h("li", { class: keys.has(c) ? "correct" : null, "data-key": c }, h("b", null, label),
      h("span", { class: "bar" }, h("span", { style: { width: `${pct}%` } })), h("span", null, `${n} 人（${pct}%）`));
  });
  const watchers = view.presence && view.presence.watchers != null ? `，在线观众 ${view.presence.watchers} 人` : "";
  return [h("section", { class: "card hc-audience" },
    h("h2", null, "观众答题 ", h("small", { class: "muted" }, `已答 ${total} 人${watchers}`)),
    h("ul", { class: "hc-tally" }, bars))];
}

// --- risk turn, tie-break, tied teams ------------------------------------------------

export function renderSpecial(view) {
  const r = view.round;
  const teams = teamsById(view);
  const a = view.actions;
  const parts = [];
  if (r && r.status === "running" && r.kind === "risk") {
    let body;
    if (!r.turn_team) body = h("p", { class: "muted" }, "各队都已选过分值。");
    else if (r.picked_tier != null) {
      body = h("p", null, teamTag(teams.get(r.turn_team), r.turn_team), " 已选择 ",
        h("b", { class: "big-num" }, `${r.picked_tier} 分`));
    } else {
      const tiers = r.tiers.map((t) => h("button", {
        type: "button", class: "tier", "data-tier": String(t), disabled: !a.pickTier.on, title: a.pickTier.on ? null : a.pickTier.why,
      }, `${t} 分`));
      const skip = r.allow_skip ? h("button", {
        type: "button", class: "tier skip", "data-tier": "skip", disabled: !a.pickSkip.on, title: a.pickSkip.on ? null : a.pickSkip.why,
      }, "放弃") : null;
      body = [h("p", null, "轮到 ", teamTag(teams.get(r.turn_team), r.turn_team), " 选择分值（队伍手机可自选，也可由主持人代选）："),
        h("div", { class: `hc-tiers${view.suggest === "pickTier" ? " suggest" : ""}` }, tiers, skip)];
    }
    parts.push(h("section", { class: "card hc-risk", "data-risk": true, "data-key": "risk" }, h("h2", null, "风险题选分"), body));
  }
  if (r && r.kind === "tiebreak") {
    const tag = (id) => teamTag(teams.get(id), id);
    parts.push(h("section", { class: "card hc-tb", "data-key": "tiebreak" }, h("h2", null, "加赛"),
      h("p", null, "参赛：", (r.eligible || []).length ? joined(r.eligible.map(tag)) : "—"),
      (r.eliminated || []).length ? h("p", null, "已淘汰：", joined(r.eliminated.map(tag))) : null,
      r.winner ? h("p", { class: "ok" }, "胜出：", tag(r.winner)) : null));
  }
  const groups = (view.tied_groups || []).map((ids) => ids.map((id) => teams.get(id)).filter(Boolean));
  if (a.tiebreak.on && groups.length) {
    parts.push(h("section", { class: "card hc-ties", "data-key": "ties" }, h("h2", null, "同分队伍"),
      h("ul", null, groups.map((g) => h("li", { "data-key": g.map((t) => t.id).join(",") },
        `${g[0].score} 分同分：`, joined(g.map((t) => teamTag(t))), " ",
        h("button", { type: "button", class: "small", "data-tiebreak": g.map((t) => t.id).join(",") }, "为这组加赛"))))));
  }
  return parts;
}

// --- rounds, devices, history ---------------------------------------------------------

export function renderRounds(view) {
  const current = view.round ? view.round.index : -1;
  return [h("ol", { class: "hc-round-list" }, view.rounds.map((x) => h("li", {
    "data-key": String(x.index), class: `round-${x.status}${x.index === current ? " current" : ""}`,
  },
  h("div", null, h("b", null, x.title), " ", h("span", { class: "muted small" }, x.kind_label)),
  h("div", { class: "small" }, h("span", { class: `pill status-${x.status}` }, x.status_label),
    " 待出 ", h("b", { "data-remaining": true }, String(x.remaining)), " 题 ",
    allowed(view, `queue:${x.index}`)
      ? h("button", { type: "button", class: "small", "data-pick-round": String(x.index) }, "选题…") : null))))];
}

export function renderDevices(view) {
  const devices = view.devices || [];
  const online = (view.presence && view.presence.teams) || {};
  const failures = view.pin_failures || {};
  if (!devices.length && !Object.keys(failures).length) {
    return [h("p", { class: "muted small" }, "还没有手机加入。打印“入场二维码”放到各队桌上。")];
  }
  const groups = view.teams.map((t) => {
    const mine = devices.filter((d) => d.team_id === t.id);
    const fails = Number(failures[t.id] || 0);
    if (!mine.length && !fails) return null;
    const names = new Set(online[t.id] || []);
    return h("li", { "data-key": t.id },
      h("div", null, teamTag(t), " ", h("span", { class: "muted small" }, `${mine.length} 台`),
        fails ? [" ", h("span", {
          class: "pin-failures small", "data-pin-failures": t.id, title: "有人输错本队 PIN 码；太多时请重新生成二维码",
        }, `PIN 输错 ${fails} 次`)] : null),
      h("ul", null, mine.map((d) => h("li", { "data-key": d.id },
        h("span", { class: `dot${names.has(d.member) ? " on" : ""}`, title: names.has(d.member) ? "在线" : "离线" }),
        ` ${d.member || "（未署名）"} `,
        d.delay_outlier ? h("span", {
          class: "tag bad small", title: `网络延迟 ${d.delay_ms} ms，明显高于全场，抢答时只按全场水平补偿`,
        }, "延迟异常") : null,
        " ",
        h("button", {
          type: "button", class: "small", dataset: { removeDevice: d.id, member: d.member || "", teamName: teamText(t) },
        }, "移除")))));
  });
  return [h("ul", { class: "hc-device-list" }, groups)];
}

export function renderHistory(view) {
  const items = [...(view.history || [])].reverse();
  if (!items.length) return [h("li", { class: "muted small" }, "暂无")];
  return items.map((x) => h("li", { "data-key": String(x.batch) },
    h("span", { class: "muted small" }, `#${x.batch}`), ` ${x.description} `,
    h("span", { class: "muted small" }, `· ${x.actor_label}`)));
}
