// The 选题 dialog: search the question banks, show one question now, or replace a
// round's queue (hand-picked, or N random questions not asked before).

import { h } from "./host_dom.js";

const LETTERS = "ABCDEF";

/**
 * ctx: {url, preset, contestId, getView(), command(type, fields), toast(msg, kind)}
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

  /** The type filter's choices, in the view's words (once). */
  function fillTypes(view) {
    const select = form.elements.type;
    if (select.options.length > 1 || !view.type_labels) return;
    for (const [type, label] of Object.entries(view.type_labels)) select.append(h("option", { value: type }, label));
  }

  function typeLabel(type) {
    const view = ctx.getView();
    return (view && view.type_labels && view.type_labels[type]) || type;
  }

  function fillRounds(view, wanted) {
    const keep = wanted ?? roundSelect.value;
    // the rounds the rules let the host queue questions for now
    roundSelect.replaceChildren(...view.rounds.filter((r) => view.actions[`queue:${r.index}`]?.on).map((r) =>
      h("option", { value: String(r.index) }, `${r.title}（${r.status_label}，待出 ${r.remaining} 题）`)));
    if (keep != null && [...roundSelect.options].some((o) => o.value === String(keep))) roundSelect.value = String(keep);
    else if (view.round && view.round.status === "running") roundSelect.value = String(view.round.index);
  }

  function row(q, seen, current, show) {
    const was = seen.has(q.id) || q.id === current;
    const answer = q.type === "true_false" ? (q.answer[0] === "true" ? "正确" : "错误") : q.answer.join(q.type === "fill" ? " / " : "");
    const input = h("input", { type: "checkbox", "data-check": q.id, "aria-label": `勾选 ${q.id}` });
    input.checked = checked.has(q.id);
    return h("tr", { "data-qid": q.id, class: was ? "asked" : null },
      h("td", null, input),
      h("td", { class: "mono small" }, q.id, was ? h("div", { class: "tag" }, "已出过") : null),
      h("td", null, typeLabel(q.type)),
      h("td", null, "★".repeat(Math.max(1, Math.min(3, q.difficulty || 1)))),
      h("td", { class: "stem" }, q.stem,
        q.options.length ? h("div", { class: "muted small" }, q.options.map((o, i) => `${LETTERS[i]}. ${o}`).join("　")) : null,
        q.tags.length ? h("div", { class: "muted small" }, `标签：${q.tags.join("、")}`) : null),
      h("td", { class: "answer" }, answer),
      h("td", null, h("button", {
        type: "button", class: "small", "data-show": q.id, disabled: !show.on || was,
        title: show.on ? "立即把这道题放到台上" : show.why,
      }, "立即出题")));
  }

  function renderList() {
    const view = ctx.getView();
    const seen = asked();
    const current = view && view.episode && view.episode.question ? view.episode.question.id : "";
    if (!questions.length) {
      list.replaceChildren(h("p", { class: "muted" }, "没有符合条件的题目。"));
      return;
    }
    const show = showNow(view);
    list.replaceChildren(h("table", { class: "hc-table hc-qtable" },
      h("thead", null, h("tr", null, ["", "题号", "题型", "难度", "题干", "答案", ""].map((x) => h("th", null, x)))),
      h("tbody", null, questions.map((q) => row(q, seen, current, show)))));
    updateCounts();
  }

  /** Whether a chosen question can go on stage now (the rules' answer), and why not. */
  function showNow(view) {
    return (view && view.actions && view.actions.showChosen) || { on: false, why: "当前不能出题" };
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
      if (view) { fillTypes(view); fillRounds(view, roundIndex); }
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
        const show = showNow(view);
        const seen = asked();
        for (const btn of list.querySelectorAll("[data-show]")) {
          btn.disabled = !show.on || seen.has(btn.dataset.show);
          btn.title = show.on ? "立即把这道题放到台上" : show.why;
        }
      }
    },
  };
}
