// Renderers shared by the projector, the audience phone and the host console:
// standings (FLIP on reorder), medal table, ticker, current event, judge panel, programme, podium.

import {
  MEDALS, hasStandings, medalDisc, medalRows, medalSpans, placeText, points, scheduleMap, scoreChip, statusPill,
  teamName, tickerGroups,
} from "./sports_common.js";
import { fill, flash, h, keyedList, swap } from "./ui.js";

const MOVE_MS = 12000; // how long a ▲/▼ stays next to a team that changed place

/** Rows the board ranks: the standings, or (judged-only contests) the first event's results. */
export function boardRows(view) {
  if (hasStandings(view)) {
    return (view.standings || []).map((r) => ({
      key: r.team_id, team_id: r.team_id, rank: r.rank, tied: r.tied, total: r.total, medals: r.medals,
      by_event: r.by_event || {},
    }));
  }
  const first = (view.schedule || [])[0];
  const rows = first ? view.results[first.id] || [] : [];
  return rows.map((r) => ({
    key: r.team_id, team_id: r.team_id, rank: r.place, tied: r.tied, total: r.value, medals: null,
    by_event: {}, status: r.status,
  }));
}

/** Counted events in programme order (the standings' point columns). */
function countedEvents(view) {
  return (view.schedule || []).filter((e) => e.counts);
}

/**
 * The standings list. Options: {columns: show per-event points, medals: show medal counts}.
 * Keeps each team's row element, so moves animate (FLIP) and changed totals flash.
 */
export function renderStandings(list, head, view, teams, { columns = true, medals = true } = {}) {
  const events = columns && hasStandings(view) ? countedEvents(view) : [];
  const judged = !hasStandings(view);
  if (head) {
    swap(head, h("div", null,
      h("span", { class: "sp-rank" }, "名次"),
      h("span", { class: "sp-move" }),
      h("span", { class: "sp-col-team" }, judged ? "宿舍" : "参赛队"),
      medals && !judged ? h("span", { class: "sp-medals" }, MEDALS.map(([k, word]) => medalDisc(k, word))) : null,
      events.length ? h("span", { class: "sp-byevent" }, events.map((e) =>
        h("span", { class: "sp-cell", title: `${e.name}（${e.status_label}）`, dataset: { status: e.status } }, e.name))) : null,
      h("span", { class: "sp-total" }, judged ? "得分" : "总分")));
    head.style.setProperty("--cols", events.length);
  }
  list.style.setProperty("--cols", events.length);
  const now = Date.now();
  keyedList(list, boardRows(view), (r) => r.key,
    () => h("li", { class: "sp-standing" }),
    (row, r, prevIndex, index) => {
      const team = teams.get(r.team_id);
      if (prevIndex != null && prevIndex !== index) {
        row.dataset.moved = prevIndex > index ? "up" : "down";
        row.dataset.movedBy = String(Math.abs(prevIndex - index));
        row.dataset.movedAt = String(now);
      } else if (row.dataset.movedAt && now - Number(row.dataset.movedAt) > MOVE_MS) {
        delete row.dataset.moved;
        delete row.dataset.movedAt;
      }
      const changed = row.dataset.total != null && row.dataset.total !== String(r.total);
      row.dataset.total = String(r.total);
      row.dataset.rank = String(r.rank ?? "");
      row.dataset.team = r.team_id;
      row.classList.toggle("top", r.rank === 1);
      row.style.setProperty("--row", team?.colour || "transparent");
      const move = row.dataset.moved
        ? h("span", { class: `sp-move ${row.dataset.moved}` }, `${row.dataset.moved === "up" ? "▲" : "▼"}${row.dataset.movedBy}`)
        : h("span", { class: "sp-move" });
      const total = h("span", { class: "sp-total" }, String(r.total ?? "—"), judged ? null : h("small", null, "分"));
      fill(row,
        h("span", { class: "sp-rank", title: r.tied ? "并列" : null },
          r.rank == null ? "—" : String(r.rank), r.tied ? h("small", null, "并列") : null),
        move,
        h("span", { class: "sp-col-team" }, teamName(team, r.team_id)),
        medals && r.medals ? h("span", { class: "sp-medals" }, medalSpans(r.medals)) : null,
        events.length ? h("span", { class: "sp-byevent" }, events.map((e) => {
          const p = r.by_event[e.id];
          return h("span", { class: `sp-cell${p == null ? " empty" : ""}`, dataset: { status: e.status } },
            p == null ? "·" : String(p).replace("-", "−"));
        })) : null,
        total);
      if (changed) flash(total, "sp-bump");
    });
  if (!list.children.length) list.append(h("li", { class: "sp-empty" }, judged ? "评委打分完成后显示排名" : "还没有成绩"));
}

/** The medal table (gold, then silver, then bronze). */
export function renderMedals(list, view, teams) {
  keyedList(list, medalRows(view), (r) => r.team_id, () => h("li", { class: "sp-medal-row" }),
    (row, r) => {
      fill(row, teamName(teams.get(r.team_id), r.team), h("span", { class: "sp-medals" }, medalSpans(r.medals)));
    });
}

/** The latest results, grouped by event, newest first. */
export function renderTicker(list, view, teams, { limit = 3 } = {}) {
  const events = scheduleMap(view);
  const groups = tickerGroups(view).slice(0, limit);
  const node = h("ol", null, groups.map((g, gi) => {
    const ev = events.get(g.event_id);
    return h("li", { class: `sp-tick-group${gi === 0 ? " latest" : ""}`, dataset: { event: g.event_id } },
      h("div", { class: "sp-tick-head" }, h("b", { class: "sp-tick-event" }, g.event),
        ev ? statusPill(ev) : null),
      h("ol", { class: "sp-ticks" }, g.items.map((it) => h("li", {
        class: `sp-tick what-${it.what}`, dataset: { team: it.team_id, status: it.status },
      },
      h("span", { class: "sp-tick-place" }, placeText(it)),
      h("span", { class: "sp-tick-team" }, teamName(teams.get(it.team_id), it.team)),
      h("span", { class: "sp-tick-value" }, it.value),
      it.what === "corrected" ? h("span", { class: "sp-tag warn" }, "更正") : null,
      ev && !ev.counts ? null : h("span", { class: "sp-tick-points" }, `${points(it.points)}分`)))));
  }));
  if (!groups.length) node.append(h("li", { class: "sp-empty" }, "还没有成绩"));
  const changed = swap(list, node);
  if (changed && list.firstElementChild?.classList.contains("latest")) flash(list.firstElementChild, "sp-arrive");
}

/** The event(s) running now, or what comes next. */
export function renderCurrent(box, view) {
  const events = scheduleMap(view);
  const running = (view.current || []).map((id) => events.get(id)).filter(Boolean);
  const next = (view.schedule || []).find((e) => e.status === "scheduled");
  const all = view.schedule || [];
  const done = all.filter((e) => e.status === "final" || e.status === "provisional").length;
  let node;
  if (running.length) {
    node = h("div", null, h("p", { class: "sp-label" }, "正在进行"), running.map((e) => h("div", { class: "sp-current-event" },
      h("div", { class: "sp-current-name" }, e.name),
      h("div", { class: "sp-current-meta" }, e.kind_label,
        e.time_limit ? ` · 限时 ${e.time_limit} 秒` : "", e.scheduled ? ` · ${e.scheduled}` : "", ` · 积分 ${e.table}`),
      e.note ? h("div", { class: "sp-current-note" }, e.note) : null)));
  } else if (next) {
    node = h("div", null, h("p", { class: "sp-label" }, "下一项"), h("div", { class: "sp-current-event next" },
      h("div", { class: "sp-current-name" }, next.name),
      h("div", { class: "sp-current-meta" }, next.kind_label,
        next.scheduled ? ` · ${next.scheduled} 开始` : "", next.time_limit ? ` · 限时 ${next.time_limit} 秒` : "")));
  } else {
    node = h("div", null, h("p", { class: "sp-label" }, "赛程"),
      h("div", { class: "sp-current-event" }, h("div", { class: "sp-current-name" },
        all.length && all.every((e) => e.status === "final") ? "全部项目已结束" : `已完成 ${done}/${all.length} 项`)));
  }
  swap(box, node);
}

/** "3/5" -> 0.6 */
function fraction(progress) {
  const [a, b] = String(progress || "0/0").split("/").map(Number);
  return b ? a / b : 0;
}

/**
 * A judge panel: "评分中 3/5" per entrant, then the scores (dropped ones struck through) and the result.
 * `live` is {event, panel} from livePanel(); `host` also shows scores still coming in.
 */
export function renderPanel(box, live, teams, { host = false, onReopen = null, compact = false } = {}) {
  if (!live) {
    box.hidden = true;
    return;
  }
  box.hidden = false;
  const { event, panel } = live;
  const before = box._done || new Set();
  // compact (projector, phones): the entrants being scored or done; the others as one line
  const started = (en) => en.done || !String(en.progress || "").startsWith("0/");
  let shown = panel.entrants;
  if (compact) {
    shown = panel.entrants.filter(started);
    if (!shown.length) shown = panel.entrants.slice(0, 3);
  }
  const waiting = panel.entrants.length - shown.length;
  const node = h("div", null,
    h("div", { class: "sp-panel-head" },
      h("span", { class: "sp-panel-title" }, `评委打分 · ${event.name}`),
      h("span", { class: `sp-progress${panel.label === "评分完成" ? " done" : ""}` }, panel.label),
      event.status === "provisional" ? statusPill(event) : null),
    h("ol", { class: "sp-panel-list" }, shown.map((en) => {
      const team = teams.get(en.team_id);
      const scores = en.scores || [];
      return h("li", { class: `sp-entrant${en.done ? " done" : ""}`, dataset: { team: en.team_id } },
        h("span", { class: "sp-entrant-team" }, teamName(team, en.team)),
        en.done
          ? h("span", { class: "sp-entrant-scores" }, scores.map((s) => scoreChip(s)))
          : h("span", { class: "sp-entrant-wait" },
            h("span", { class: "sp-entrant-label" }, en.label),
            h("span", { class: "sp-meter" }, h("span", { style: { width: `${Math.round(fraction(en.progress) * 100)}%` } })),
            host && scores.length ? h("span", { class: "sp-entrant-scores partial" }, scores.map((s) => scoreChip(s))) : null),
        h("span", { class: "sp-entrant-result" }, en.done ? en.result_label : ""),
        host && onReopen && scores.length ? h("span", { class: "sp-reopen" }, scores.map((s) =>
          h("button", { type: "button", class: "small", title: `重新开放 ${s.judge} 对 ${en.team} 的评分`,
            onclick: () => onReopen(event, en, s) }, `重开 ${s.judge}`))) : null);
    })),
    waiting > 0 ? h("p", { class: "sp-panel-more" }, `另有 ${waiting} 队等待评分`) : null,
    panel.uncovered?.length ? h("p", { class: "sp-small warn" }, "有队伍没有可用评委（都与其同单位）") : null,
    h("p", { class: "sp-panel-foot" }, panel.method_label));
  if (swap(box, node)) {
    const done = new Set(panel.entrants.filter((e) => e.done).map((e) => e.team_id));
    for (const li of box.querySelectorAll(".sp-entrant.done")) {
      if (box._done && !before.has(li.dataset.team)) flash(li, "sp-arrive");
    }
    box._done = done;
  }
}

/** The programme strip: every event with its status. */
export function renderProgramme(list, view) {
  swap(list, h("ol", null, (view.schedule || []).map((e, i) => h("li", {
    class: "sp-prog", dataset: { status: e.status, event: e.id },
  }, h("span", { class: "sp-prog-no" }, String(i + 1)), h("span", { class: "sp-prog-name" }, e.name),
  h("span", { class: "sp-prog-status" }, e.scheduled && e.status === "scheduled" ? e.scheduled : e.status_label)))));
}

/** The final podium: 2nd, 1st, 3rd on steps, the rest below. */
export function renderPodium(box, rest, view, teams) {
  const rows = boardRows(view);
  const judged = !hasStandings(view);
  const places = [1, 0, 2].map((i) => rows[i]).filter(Boolean);
  swap(box, h("div", null, places.map((r) => {
    const team = teams.get(r.team_id);
    return h("div", { class: `sp-step place-${r.rank}`, dataset: { team: r.team_id } },
      h("div", { class: "sp-step-team" }, team?.name || r.team_id),
      team?.unit && team.unit !== team.name ? h("div", { class: "sp-step-unit" }, team.unit) : null,
      h("div", { class: "sp-step-total" }, String(r.total), judged ? "" : h("small", null, "分")),
      r.medals ? h("div", { class: "sp-medals" }, medalSpans(r.medals, { zeros: false })) : null,
      h("div", { class: "sp-step-block", style: { "--team": team?.colour || "#607d8b" } },
        String(r.rank ?? "")));
  })));
  swap(rest, h("ol", null, rows.slice(3).map((r) => h("li", { class: "sp-rest" },
    h("span", { class: "sp-rank" }, String(r.rank ?? "—")), teamName(teams.get(r.team_id), r.team_id),
    h("span", { class: "sp-total" }, String(r.total), judged ? "" : "分")))));
}
