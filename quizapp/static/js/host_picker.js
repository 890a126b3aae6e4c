// The 选题 dialog: search the question banks, show one question now, or replace a
// round's queue (hand-picked, or N random questions not asked before).

import { esc } from "./live.js";
import { TYPE_LABELS } from "./host_state.js";

const LETTERS = "ABCDEF";

/**
 * ctx: {url, preset, contestId, getView(), getInfo(), command(type, fields), toast(msg, kind)}
 * Returns {open(roundIndex), update(view)}.
 */
export function initPicker(ctx) {
  const dlg = document.querySelector("#dlg-picker");
  const form = dlg.querySelector("form");
  const list = dlg.querySelector("[data-list]");
  const summary = dlg.querySelector("[data-summary]");
  const roundSelect = dlg.querySelector("[data-round]");
  const bankSelect = form.elements.bank;
  const askedKey = `quizapp.asked.${ctx.contestId}`;
  let questions = [];
  let banksLoaded = false;
  const checked = new Set();

  const asked = () => {
    try { return new Set(JSON.parse(localStorage.getItem(askedKey) || "[]")); } catch { return new Set(); }
  };

  function noteAsked(view) {
    // The view does not list asked questions, so remember every one this console saw.
    const id = view.episode && view.episode.question && view.episode.question.id;
    if (!id) return;
    const set = asked();
    if (set.has(id)) return;
    set.add(id);
    try { localStorage.setItem(askedKey, JSON.stringify([...set])); } catch { /* private mode */ }
  }

  function fillRounds(view, wanted) {
    const keep = wanted ?? roundSelect.value;
    roundSelect.replaceChildren();
    for (const r of view.rounds) {
      if (r.status === "ended") continue;
      const opt = document.createElement("option");
      opt.value = String(r.index);
      opt.textContent = `${r.title}（${r.status === "running" ? "进行中" : "未开始"}，待出 ${r.remaining} 题）`;
      roundSelect.append(opt);
    }
    if (keep != null && [...roundSelect.options].some((o) => o.value === String(keep))) roundSelect.value = String(keep);
    else if (view.round && view.round.status === "running") roundSelect.value = String(view.round.index);
  }

  function renderList() {
    const view = ctx.getView();
    const info = ctx.getInfo();
    const seen = asked();
    const current = view && view.episode && view.episode.question ? view.episode.question.id : "";
    const canShow = canShowNow(view, info);
    if (!questions.length) {
      list.innerHTML = `<p class="muted">没有符合条件的题目。</p>`;
      return;
    }
    list.innerHTML = `<table class="hc-table hc-qtable"><thead><tr><th></th><th>题号</th><th>题型</th><th>难度</th>
      <th>题干</th><th>答案</th><th></th></tr></thead><tbody>${questions.map((q) => {
      const was = seen.has(q.id) || q.id === current;
      const answer = q.type === "true_false" ? (q.answer[0] === "true" ? "正确" : "错误") : q.answer.join(q.type === "fill" ? " / " : "");
      const opts = q.options.length ? `<div class="muted small">${q.options.map((o, i) => `${LETTERS[i]}. ${esc(o)}`).join("　")}</div>` : "";
      return `<tr data-qid="${esc(q.id)}" class="${was ? "asked" : ""}">
        <td><input type="checkbox" data-check="${esc(q.id)}" ${checked.has(q.id) ? "checked" : ""} aria-label="勾选 ${esc(q.id)}"></td>
        <td class="mono small">${esc(q.id)}${was ? `<div class="tag">已出过</div>` : ""}</td>
        <td>${esc(TYPE_LABELS[q.type] || q.type)}</td>
        <td>${"★".repeat(Math.max(1, Math.min(3, q.difficulty || 1)))}</td>
        <td class="stem">${esc(q.stem)}${opts}${q.tags.length ? `<div class="muted small">标签：${esc(q.tags.join("、"))}</div>` : ""}</td>
        <td class="answer">${esc(answer)}</td>
        <td><button type="button" class="small" data-show="${esc(q.id)}" ${canShow && !was ? "" : "disabled"}
            title="${canShow ? "立即把这道题放到台上" : "当前不能出题"}">立即出题</button></td>
      </tr>`;
    }).join("")}</tbody></table>`;
    updateCounts();
  }

  function canShowNow(view, info) {
    if (!view || !info) return false;
    const a = info.actions.next;
    // "next" may be off only because the queue is empty: a chosen question still works.
    return a.on || a.why.startsWith("本轮题目已用完");
  }

  function updateCounts() {
    const btn = dlg.querySelector("[data-queue]");
    btn.textContent = `用勾选的 ${checked.size} 道题替换该轮题目`;
    btn.disabled = checked.size === 0 || !roundSelect.value;
  }

  async function search() {
    const params = new URLSearchParams();
    for (const name of ["q", "type", "bank"]) {
      const value = form.elements[name].value.trim();
      if (value) params.set(name, value);
    }
    summary.textContent = "搜索中…";
    try {
      const res = await fetch(`${ctx.url}?${params}`, { headers: { Accept: "application/json" }, credentials: "same-origin" });
      if (!res.ok) throw new Error(String(res.status));
      const data = await res.json();
      questions = data.questions || [];
      if (!banksLoaded) {
        for (const b of data.banks || []) {
          const opt = document.createElement("option");
          opt.value = b.id;
          opt.textContent = `${b.title}（${b.count} 题）`;
          bankSelect.append(opt);
        }
        banksLoaded = true;
        // Default to the contest's own bank (same id as its preset in the shipped presets).
        if ((data.banks || []).some((b) => b.id === ctx.preset) && !bankSelect.value) {
          bankSelect.value = ctx.preset;
          return search();
        }
      }
      summary.textContent = data.total > questions.length
        ? `共 ${data.total} 道，显示前 ${questions.length} 道（可用关键词缩小范围）`
        : `共 ${data.total} 道`;
      renderList();
    } catch (err) {
      summary.textContent = "";
      ctx.toast(`题库读取失败（${err.message}），请刷新页面重试`);
    }
  }

  list.addEventListener("change", (e) => {
    const id = e.target.dataset.check;
    if (!id) return;
    if (e.target.checked) checked.add(id); else checked.delete(id);
    updateCounts();
  });

  list.addEventListener("click", async (e) => {
    const btn = e.target.closest("[data-show]");
    if (!btn) return;
    const reply = await ctx.command("ShowQuestion", { question_id: btn.dataset.show });
    if (reply && reply.ok) dlg.close("done");
  });

  form.elements.q.addEventListener("keydown", (e) => {
    if (e.key === "Enter") { e.preventDefault(); search(); }
  });
  dlg.querySelector("[data-search]").addEventListener("click", search);
  form.elements.type.addEventListener("change", search);
  bankSelect.addEventListener("change", search);
  roundSelect.addEventListener("change", updateCounts);

  dlg.querySelector("[data-clear]").addEventListener("click", () => { checked.clear(); renderList(); });

  dlg.querySelector("[data-random]").addEventListener("click", () => {
    const n = Math.max(1, Math.min(200, parseInt(form.elements.count.value, 10) || 0));
    const seen = asked();
    const pool = questions.filter((q) => !seen.has(q.id) && !checked.has(q.id));
    for (let i = pool.length - 1; i > 0; i -= 1) { // Fisher–Yates
      const j = Math.floor(Math.random() * (i + 1));
      [pool[i], pool[j]] = [pool[j], pool[i]];
    }
    const picked = pool.slice(0, n);
    for (const q of picked) checked.add(q.id);
    if (picked.length < n) ctx.toast(`只找到 ${picked.length} 道未出过的题`, "info");
    renderList();
  });

  dlg.querySelector("[data-queue]").addEventListener("click", async () => {
    const index = parseInt(roundSelect.value, 10);
    const view = ctx.getView();
    const round = view && view.rounds.find((r) => r.index === index);
    if (!round || !checked.size) return;
    // Keep the order of the list (what the host saw), not the order of clicks.
    const ids = questions.map((q) => q.id).filter((id) => checked.has(id));
    for (const id of checked) if (!ids.includes(id)) ids.push(id);
    const reply = await ctx.command("QueueQuestions", { round_index: index, question_ids: ids });
    if (reply && reply.ok) {
      ctx.toast(`“${round.title}”的题目已换成勾选的 ${ids.length} 道`, "ok");
      checked.clear();
      dlg.close("done");
    }
  });

  return {
    open(roundIndex) {
      const view = ctx.getView();
      if (view) fillRounds(view, roundIndex);
      updateCounts();
      dlg.showModal();
      form.elements.q.focus();
      if (!banksLoaded) search(); else renderList();
    },
    update(view) {
      noteAsked(view);
      if (dlg.open) {
        fillRounds(view);
        // re-evaluate the 立即出题 buttons without losing the list
        const can = canShowNow(view, ctx.getInfo());
        const seen = asked();
        for (const btn of list.querySelectorAll("[data-show]")) btn.disabled = !can || seen.has(btn.dataset.show);
      }
    },
  };
}
