// The application editor: every change is saved at once (fields debounced while typing), with the
// version the page loaded, so a second editor's save is refused instead of silently overwritten.
(function () {
  const root = document.getElementById("editor");
  if (!root) return;
  const url = root.dataset.url;
  let version = parseInt(root.dataset.version, 10);
  let conflict = false;
  const pending = {};
  const failed = {};  // refused by the server (422): kept so nothing typed is silently dropped
  const failedErrors = {};  // and the messages that go with them, shown until the field is changed
  let timer = null, inflight = false;
  const status = document.getElementById("save-status");
  const versionEl = document.getElementById("version");
  const csrf = document.cookie.split("; ").find(c => c.startsWith("csrftoken="));
  const token = csrf ? decodeURIComponent(csrf.split("=")[1]) : (document.querySelector("[name=csrfmiddlewaretoken]") || {}).value;
  const backupKey = "factorytier-draft-" + url;

  function setStatus(text, cls) { status.textContent = text; status.className = cls || ""; }

  function valueOf(el) {
    if (el.tagName === "TABLE") return rowsOf(el);
    if (el.type === "checkbox") return el.checked;
    if (el.dataset.kind === "lines") return el.value.split("\n").map(s => s.trim()).filter(Boolean);
    return el.value;
  }
  function rowsOf(table) {
    return Array.from(table.querySelectorAll("tbody tr[data-row]")).map(tr => {
      const row = {};
      tr.querySelectorAll("[data-col]").forEach(c => { row[c.dataset.col] = c.type === "checkbox" ? c.checked : c.value; });
      return row;
    });
  }
  function clearErrors() { document.querySelectorAll("[data-error-for]").forEach(ul => { ul.innerHTML = ""; }); }
  function showErrors(errors) {
    errors.forEach(e => {
      let path = e.path;
      let ul = document.querySelector(`[data-error-for="${CSS.escape(path)}"]`);
      while (!ul && path.includes(".")) {  // scenes.scenarios[2].instance -> scenes.scenarios
        path = path.replace(/(\[\d+\])?\.[^.]*$|\[\d+\]$/, "");
        ul = document.querySelector(`[data-error-for="${CSS.escape(path)}"]`);
      }
      if (!ul) ul = document.querySelector('[data-error-for="scenes.scenarios"]');
      const li = document.createElement("li"); li.textContent = e.message; ul.appendChild(li);
    });
  }

  function backup() {
    const all = Object.assign({}, failed, pending);
    try {
      if (Object.keys(all).length) localStorage.setItem(backupKey, JSON.stringify({version, at: new Date().toISOString(), pending: all}));
      else localStorage.removeItem(backupKey);
    } catch (e) { /* private mode: nothing to keep */ }
  }

  function queue(path, value) {
    pending[path] = value;
    delete failed[path];
    delete failedErrors[path];
    backup();
    if (conflict) return;
    setStatus("有未保存的修改…", "muted");
    clearTimeout(timer);
    timer = setTimeout(flush, 800);
  }

  async function flush() {
    if (inflight || conflict || !Object.keys(pending).length) return;
    const changes = Object.assign({}, pending);
    Object.keys(changes).forEach(k => delete pending[k]);
    inflight = true;
    setStatus("正在保存…", "muted");
    try {
      const r = await fetch(url, {method: "POST", headers: {"Content-Type": "application/json", "X-CSRFToken": token},
                                  body: JSON.stringify({version, changes})});
      const data = await r.json();
      clearErrors();
      showErrors([].concat(...Object.values(failedErrors)));
      if (r.ok) {
        version = data.version; versionEl.textContent = version;
        setStatus(Object.keys(failed).length ? "已保存其他修改；仍有填写项不符合要求，请按红色提示修改" : "已自动保存 " + data.saved_at,
                  Object.keys(failed).length ? "bad" : "ok");
        backup();
        if (window.htmx) htmx.trigger("#findings", "refresh");
      } else if (r.status === 409) {
        conflict = true;
        Object.keys(changes).forEach(k => { if (!(k in pending)) pending[k] = changes[k]; });
        backup();
        setStatus(data.message + "（您的修改已暂存在本浏览器中，刷新页面后可选择恢复）", "bad");
        alert(data.message);
      } else if (r.status === 422) {
        // Keep the refused fields aside and save the others at once.
        const errors = data.errors || [];
        Object.keys(changes).forEach(k => {
          if (k in pending) return;
          if (errors.some(e => e.path === "" || e.path === k || e.path.startsWith(k + "[") || e.path.startsWith(k + "."))) {
            failed[k] = changes[k];
            failedErrors[k] = errors.filter(e => e.path === "" || e.path === k || e.path.startsWith(k + "[") || e.path.startsWith(k + "."));
          } else {
            pending[k] = changes[k];
          }
        });
        backup();
        setStatus("有填写项不符合要求，未保存：请按红色提示修改", "bad");
        clearErrors();
        showErrors([].concat(...Object.values(failedErrors)));
      } else {
        Object.assign(pending, changes);
        setStatus(data.message || "保存失败，请稍后重试", "bad");
      }
    } catch (e) {
      Object.assign(pending, changes);
      setStatus("网络中断，修改暂存在本浏览器中，恢复后将自动保存", "bad");
      setTimeout(flush, 5000);
    } finally {
      inflight = false;
      if (Object.keys(pending).length && !conflict) { clearTimeout(timer); timer = setTimeout(flush, 300); }
    }
  }

  function counter(el) {
    const c = document.querySelector(`[data-counter-for="${CSS.escape(el.dataset.path)}"]`);
    if (!c || !el.dataset.limit) return;
    const n = el.value.length, limit = parseInt(el.dataset.limit, 10);
    c.textContent = `${n} / ${limit} 字`;
    c.style.color = n > limit ? "#b3261e" : "";
  }

  root.addEventListener("input", ev => {
    const el = ev.target;
    if (el.dataset.path && el.type !== "checkbox") { counter(el); queue(el.dataset.path, valueOf(el)); }
    const table = el.closest("table[data-path]");
    if (table) queue(table.dataset.path, rowsOf(table));
  });
  root.addEventListener("change", ev => {
    const el = ev.target;
    if (el.dataset.path) queue(el.dataset.path, valueOf(el));
    const table = el.closest("table[data-path]");
    if (table) queue(table.dataset.path, rowsOf(table));
    const kpi = el.dataset.path && el.dataset.path.match(/^effects\.kpis\.(\d+)\./);
    if (kpi) {
      const b = parseFloat(document.querySelector(`[data-path="effects.kpis.${kpi[1]}.baseline"]`).value);
      const c = parseFloat(document.querySelector(`[data-path="effects.kpis.${kpi[1]}.current"]`).value);
      const cell = document.querySelector(`[data-change-for="${kpi[1]}"]`);
      if (cell) cell.textContent = (isNaN(b) || isNaN(c)) ? "" : ((c - b > 0 ? "+" : "") + Math.round((c - b) * 1e6) / 1e6);
    }
  });
  function renumber(table) { table.querySelectorAll("tbody tr[data-row]").forEach((tr, i) => { const n = tr.querySelector("[data-row-number]"); if (n) n.textContent = i + 1; bindGuide(tr); }); }
  function bindGuide(tr) {
    const sel = tr.querySelector('[data-col="guide_link"]'), inp = tr.querySelector('[data-col="scenario"]');
    if (!sel || !inp) return;
    const i = Array.from(sel.options).findIndex(o => o.value === sel.value) - 1;
    if (i >= 0) inp.setAttribute("list", "guide-" + i); else inp.removeAttribute("list");
  }
  root.addEventListener("click", ev => {
    const add = ev.target.closest("[data-add-row]");
    if (add) {
      const table = document.getElementById(add.dataset.addRow);
      const tpl = document.getElementById(table.id === "scenario-table" ? "scenario-row" : "mode-row");
      table.tBodies[0].insertAdjacentHTML("beforeend", tpl.innerHTML);
      renumber(table);
      table.tBodies[0].lastElementChild.querySelector("select, input").focus();
    }
    const remove = ev.target.closest("[data-remove-row]");
    if (remove) {
      const table = remove.closest("table");
      remove.closest("tr").remove();
      renumber(table);
      queue(table.dataset.path, rowsOf(table));
    }
  });
  root.addEventListener("change", ev => { const tr = ev.target.closest("tr[data-row]"); if (tr) bindGuide(tr); });
  document.querySelectorAll("table[data-path]").forEach(renumber);
  document.querySelectorAll("[data-path][data-limit]").forEach(counter);
  // Leaving the page (closing the tab, switching away): send what is pending even as the page goes.
  function flushOnLeave() {
    if (conflict || inflight || !Object.keys(pending).length) return;
    const changes = Object.assign({}, pending);
    fetch(url, {method: "POST", keepalive: true, headers: {"Content-Type": "application/json", "X-CSRFToken": token},
                body: JSON.stringify({version, changes})}).then(r => r.ok && r.json()).then(data => {
      if (data && data.version) {
        Object.keys(changes).forEach(k => { if (pending[k] === changes[k]) delete pending[k]; });
        version = data.version; versionEl.textContent = version; backup();
      }
    }).catch(() => { /* kept in pending and in the browser backup */ });
  }
  document.addEventListener("visibilitychange", () => { if (document.visibilityState === "hidden") flushOnLeave(); });
  window.addEventListener("pagehide", flushOnLeave);
  window.addEventListener("beforeunload", ev => {
    if (Object.keys(pending).length || Object.keys(failed).length || inflight) { ev.preventDefault(); ev.returnValue = ""; }
  });

  // Changes kept in this browser by an earlier page (conflict, refused field, lost connection).
  (function offerRestore() {
    let saved = null;
    try { saved = JSON.parse(localStorage.getItem(backupKey) || "null"); } catch (e) { saved = null; }
    if (!saved || !saved.pending || !Object.keys(saved.pending).length) return;
    const bar = document.getElementById("restore-bar");
    if (!bar) return;
    bar.hidden = false;
    bar.querySelector("[data-restore-count]").textContent = Object.keys(saved.pending).length;
    bar.querySelector("[data-restore-at]").textContent = new Date(saved.at || Date.now()).toLocaleString("zh-CN");
    bar.querySelector("[data-restore]").addEventListener("click", async () => {
      const r = await fetch(url, {method: "POST", headers: {"Content-Type": "application/json", "X-CSRFToken": token},
                                  body: JSON.stringify({version, changes: saved.pending})});
      if (r.ok) { try { localStorage.removeItem(backupKey); } catch (e) { /* ignore */ } location.reload(); return; }
      const data = await r.json();
      clearErrors(); showErrors(data.errors || [{path: "", message: data.message || "恢复失败"}]);
      setStatus("暂存的修改中有不符合要求的填写项，未恢复：请按红色提示处理后重试", "bad");
    });
    bar.querySelector("[data-discard]").addEventListener("click", () => {
      try { localStorage.removeItem(backupKey); } catch (e) { /* ignore */ }
      bar.hidden = true;
    });
  })();
  // Submitting first saves what is still pending.
  const submit = document.getElementById("submit-button");
  if (submit) submit.form.addEventListener("submit", async ev => {
    if (Object.keys(failed).length) {
      ev.preventDefault();
      setStatus("有填写项不符合要求、尚未保存，请先按红色提示修改", "bad");
      return;
    }
    if (Object.keys(pending).length) { ev.preventDefault(); clearTimeout(timer); await flush(); if (!conflict) submit.form.submit(); }
  });
  window.factorytierEditor = { flush, pendingCount: () => Object.keys(pending).length + (inflight ? 1 : 0),
                               failedCount: () => Object.keys(failed).length };
})();
