// The application editor. Every change is saved at once (debounced while typing) with the version the
// page is based on, so a colleague's save is never silently overwritten; nothing typed is dropped: a
// refused field is kept aside with its message, a conflict or a lost connection keeps the edits in this
// browser, and the next visit offers to restore what the server does not have.
// Every save carries an id made here. A save whose answer never came (time-out, lost connection, 5xx)
// is sent again as it was (same id, same base version): the server answers it with its original result
// if it had applied it, so the editor never mistakes its own earlier save for a colleague's, and never
// retries with a version it knows is stale.
// Its words (statuses, the counter, the restore bar) come from the page, in the interface language: the
// JSON block #editor-text (presenters.editor_text); dates follow the page's language (<html lang>).
(function () {
  const root = document.getElementById("editor");
  if (!root) return;
  const url = root.dataset.url;
  let version = parseInt(root.dataset.version, 10);
  const pending = {};        // changed on the page, not yet sent
  const failed = {};         // refused by the server (422), kept until the field is changed again
  const failedErrors = {};   // the messages that go with them
  let inflight = false, conflict = false, stopped = false, timer = null, retry = null, findingsTimer = null;
  let unacked = null;        // {save_id, version, changes}: sent, answer not received; re-sent as it is
  const SAVE_TIMEOUT_MS = 30000;
  const status = document.getElementById("save-status");
  const versionEl = document.getElementById("version");
  const csrf = document.cookie.split("; ").find(c => c.startsWith("csrftoken="));
  const token = csrf ? decodeURIComponent(csrf.split("=")[1]) : (document.querySelector("[name=csrfmiddlewaretoken]") || {}).value;
  const backupKey = "factorytier-draft-" + url;
  const count = o => Object.keys(o).length;
  const words = (() => { try { return JSON.parse(document.getElementById("editor-text").textContent); } catch (e) { return {}; } })();
  // The page's words, with {name} replaced from `values`.
  const say = (key, values) => (words[key] || key).replace(/\{(\w+)\}/g, (m, k) => (values && k in values ? values[k] : m));

  function setStatus(text, cls) { status.textContent = text; status.className = cls || ""; }

  function rowsOf(table) {
    return Array.from(table.querySelectorAll("tbody tr[data-row]")).map(tr => {
      const row = {};
      tr.querySelectorAll("[data-col]").forEach(c => { row[c.dataset.col] = c.type === "checkbox" ? c.checked : c.value; });
      return row;
    });
  }
  function valueOf(el) {
    if (el.tagName === "TABLE") return rowsOf(el);
    // An unticked attestation withdraws the answer (null) rather than stating "does not meet" (false).
    if (el.type === "checkbox") return el.checked || ("uncheckedNull" in el.dataset ? null : false);
    if (el.dataset.kind === "lines") return el.value.split("\n").map(s => s.trim()).filter(Boolean);
    return el.value;
  }
  function pageValue(path) {
    const el = document.querySelector(`[data-path="${CSS.escape(path)}"]`);
    return el ? valueOf(el) : undefined;
  }

  function clearErrors() { document.querySelectorAll("[data-error-for]").forEach(ul => { ul.innerHTML = ""; }); }
  function showErrors(errors) {
    errors.forEach(e => {
      let path = e.path, ul = document.querySelector(`[data-error-for="${CSS.escape(path)}"]`);
      while (!ul && /[.[]/.test(path)) {  // scenes.scenarios[2].instance -> scenes.scenarios
        path = path.replace(/(\[\d+\])?\.[^.]*$|\[\d+\]$/, "");
        ul = document.querySelector(`[data-error-for="${CSS.escape(path)}"]`);
      }
      ul = ul || document.querySelector('[data-error-for="title"]');
      const li = document.createElement("li"); li.textContent = e.message; ul.appendChild(li);
    });
  }
  function redrawErrors() { clearErrors(); showErrors([].concat(...Object.values(failedErrors))); }

  function backup(extra) {
    const all = Object.assign({}, failed, extra || {}, pending);
    try {
      if (count(all)) localStorage.setItem(backupKey, JSON.stringify({version, at: new Date().toISOString(), pending: all}));
      else localStorage.removeItem(backupKey);
    } catch (e) { /* private mode: nothing to keep */ }
  }
  function saveId() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    const b = crypto.getRandomValues(new Uint8Array(16));  // plain http: randomUUID needs a secure context
    b[6] = (b[6] & 0x0f) | 0x40; b[8] = (b[8] & 0x3f) | 0x80;
    const h = Array.from(b, x => x.toString(16).padStart(2, "0")).join("");
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  }
  function post(body, extra) {
    const ctl = new AbortController(), t = setTimeout(() => ctl.abort(), SAVE_TIMEOUT_MS);
    return fetch(url, Object.assign({method: "POST", signal: ctl.signal,
      headers: {"Content-Type": "application/json", "X-CSRFToken": token}, body: JSON.stringify(body)}, extra || {}))
      .finally(() => clearTimeout(t));
  }
  function refreshFindings() {  // once the typing has settled, not after every save
    clearTimeout(findingsTimer);
    findingsTimer = setTimeout(() => { if (window.htmx && !inflight) htmx.trigger("#findings", "refresh"); }, 2000);
  }
  function putBack(changes) { Object.keys(changes).forEach(k => { if (!(k in pending)) pending[k] = changes[k]; }); }
  function schedule(ms) { clearTimeout(timer); timer = setTimeout(flush, ms); }

  function queue(path, value) {
    pending[path] = value;
    delete failed[path]; delete failedErrors[path];
    backup();
    if (conflict || stopped) return;
    setStatus(say("unsaved"), "muted");
    schedule(800);
  }

  async function flush() {
    if (inflight || conflict || stopped || !(unacked || count(pending))) return;
    clearTimeout(timer); clearTimeout(retry);
    // A save still unanswered goes again exactly as it was; new edits wait for its answer.
    const save = unacked || {save_id: saveId(), version, changes: Object.assign({}, pending)};
    const changes = save.changes;
    if (!unacked) Object.keys(changes).forEach(k => delete pending[k]);
    unacked = null;
    inflight = true;
    setStatus(say("saving"), "muted");
    let again = false;
    try {
      const r = await post(save);
      const data = await r.json().catch(() => ({}));
      if (r.ok) {
        version = data.version; versionEl.textContent = version;
        setStatus(count(failed) ? say("savedButRefused") : say("saved", {time: data.saved_at}),
                  count(failed) ? "bad" : "ok");
        refreshFindings();
        again = true;
      } else if (r.status === 409) {
        conflict = true; putBack(changes);
        setStatus(data.message + say("conflictKept"), "bad");
        alert(data.message);
      } else if (r.status === 422) {
        const errors = data.errors || [];
        const hits = k => errors.filter(e => e.path === "" || e.path === k || e.path.startsWith(k + "[") || e.path.startsWith(k + "."));
        Object.keys(changes).forEach(k => {
          if (k in pending) return;  // changed again meanwhile: the newer value is what counts
          if (hits(k).length) { failed[k] = changes[k]; failedErrors[k] = hits(k); } else { pending[k] = changes[k]; }
        });
        setStatus(say("refused"), "bad");
        again = true;
      } else if (r.status >= 500) {
        unacked = save;  // perhaps applied after all: the same id makes the retry safe
        setStatus(say("serverError"), "bad");
        retry = setTimeout(flush, 5000);
      } else {  // 400 / 403: retrying cannot help
        stopped = true; putBack(changes);
        setStatus((data.message || say("cannotSave")) + say("keptHere"), "bad");
      }
    } catch (e) {
      unacked = save;  // timed out or cut off: the server may have applied it; ask again with the same id
      setStatus(say("offline"), "bad");
      retry = setTimeout(flush, 5000);
    } finally {
      inflight = false;
      backup(unacked ? unacked.changes : null);
      redrawErrors();
      if (again && count(pending)) schedule(300);
    }
  }

  // Until nothing is pending or in flight (or saving cannot go on).
  async function settle() {
    for (let i = 0; i < 400 && (inflight || ((unacked || count(pending)) && !conflict && !stopped)); i++) {
      if (!inflight) await flush(); else await new Promise(res => setTimeout(res, 100));
    }
  }

  function counter(el) {
    const c = document.querySelector(`[data-counter-for="${CSS.escape(el.dataset.path)}"]`);
    if (!c || !el.dataset.limit) return;
    const n = el.value.length, limit = parseInt(el.dataset.limit, 10);
    c.textContent = say("counter", {n, limit});
    c.style.color = n > limit ? "#b3261e" : "";
  }
  function onEdit(ev) {
    const el = ev.target;
    if (el.dataset.path && !(ev.type === "input" && el.type === "checkbox")) { counter(el); queue(el.dataset.path, valueOf(el)); }
    const table = el.closest("table[data-path]");
    if (table) queue(table.dataset.path, rowsOf(table));
  }
  root.addEventListener("input", onEdit);
  root.addEventListener("change", ev => {
    onEdit(ev);
    const tr = ev.target.closest("tr[data-row]");
    if (tr) bindGuide(tr);
    const kpi = ev.target.dataset.path && ev.target.dataset.path.match(/^effects\.kpis\.(\d+)\./);
    if (kpi) {
      const b = parseFloat(pageValue(`effects.kpis.${kpi[1]}.baseline`)), c = parseFloat(pageValue(`effects.kpis.${kpi[1]}.current`));
      const cell = document.querySelector(`[data-change-for="${kpi[1]}"]`);
      if (cell) cell.textContent = (isNaN(b) || isNaN(c)) ? "" : ((c - b > 0 ? "+" : "") + Math.round((c - b) * 1e6) / 1e6);
    }
  });

  function bindGuide(tr) {
    const sel = tr.querySelector('[data-col="guide_link"]'), inp = tr.querySelector('[data-col="scenario"]');
    if (!sel || !inp) return;
    const i = sel.selectedIndex - 1;
    if (i >= 0) inp.setAttribute("list", "guide-" + i); else inp.removeAttribute("list");
  }
  function renumber(table) {
    table.querySelectorAll("tbody tr[data-row]").forEach((tr, i) => {
      const n = tr.querySelector("[data-row-number]"); if (n) n.textContent = i + 1; bindGuide(tr);
    });
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
  document.querySelectorAll("table[data-path]").forEach(renumber);
  document.querySelectorAll("[data-path][data-limit]").forEach(counter);

  // Leaving the page: send what is pending even as the page goes. The browser backup keeps it until
  // the answer says it is saved; if the page is gone by then, the next visit finds the server already
  // holds those values and drops them from the backup (see offerRestore).
  function flushOnLeave() {
    if (inflight || conflict || stopped || !(unacked || count(pending))) return;
    clearTimeout(timer); clearTimeout(retry);
    const save = unacked || {save_id: saveId(), version, changes: Object.assign({}, pending)};
    if (!unacked) Object.keys(save.changes).forEach(k => delete pending[k]);
    unacked = null;
    backup(save.changes);
    inflight = true;
    post(save, {keepalive: true})
      .then(r => r.ok ? r.json() : Promise.reject(r))
      .then(data => { version = data.version; versionEl.textContent = version; })
      .catch(() => { unacked = save; })
      .finally(() => { inflight = false; backup(unacked ? unacked.changes : null); if (unacked || count(pending)) schedule(300); });
  }
  document.addEventListener("visibilitychange", () => { if (document.visibilityState === "hidden") flushOnLeave(); });
  window.addEventListener("pagehide", flushOnLeave);
  window.addEventListener("beforeunload", ev => {
    if (count(pending) || count(failed) || inflight || unacked) { ev.preventDefault(); ev.returnValue = ""; }
  });

  // Edits an earlier visit kept in this browser and the server does not have.
  (function offerRestore() {
    let saved = null;
    try { saved = JSON.parse(localStorage.getItem(backupKey) || "null"); } catch (e) { saved = null; }
    if (!saved || !saved.pending) return;
    const unsaved = {};
    Object.keys(saved.pending).forEach(k => {
      if (JSON.stringify(pageValue(k)) !== JSON.stringify(saved.pending[k])) unsaved[k] = saved.pending[k];
    });
    const bar = document.getElementById("restore-bar");
    if (!count(unsaved) || !bar) { try { localStorage.removeItem(backupKey); } catch (e) { /* ignore */ } return; }
    bar.hidden = false;
    bar.querySelector("[data-restore-count]").textContent = count(unsaved);
    bar.querySelector("[data-restore-at]").textContent = new Date(saved.at || Date.now()).toLocaleString(
      // As the pages write times: "29 Nov 2026, 05:58:48" in English, the browser's Chinese form otherwise.
      document.documentElement.lang === "en" ? "en-GB" : (document.documentElement.lang || undefined),
      document.documentElement.lang === "en" ? {day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit", second: "2-digit"} : undefined) +
      (saved.version < version ? say("newerOnServer", {version}) : "");
    bar.querySelector("[data-restore]").addEventListener("click", async () => {
      const r = await post({save_id: saveId(), version, changes: unsaved});
      if (r.ok) { try { localStorage.removeItem(backupKey); } catch (e) { /* ignore */ } location.reload(); return; }
      const data = await r.json().catch(() => ({}));
      clearErrors(); showErrors(data.errors || [{path: "", message: data.message || say("restoreFailed")}]);
      setStatus(say("restoreRefused"), "bad");
    });
    bar.querySelector("[data-discard]").addEventListener("click", () => {
      try { localStorage.removeItem(backupKey); } catch (e) { /* ignore */ }
      bar.hidden = true;
    });
  })();

  // Submitting first saves everything, and only goes ahead when all of it is saved.
  const submit = document.getElementById("submit-button");
  if (submit) submit.form.addEventListener("submit", async ev => {
    if (submit.form.dataset.ready === "1") return;
    ev.preventDefault();
    await settle();
    if (conflict || stopped || unacked || count(pending) || count(failed)) {
      setStatus(say("unsavedBeforeSubmit"), "bad");
      return;
    }
    submit.form.dataset.ready = "1";
    submit.form.submit();
  });
  window.factorytierEditor = { flush, settle, pendingCount: () => count(pending) + (inflight || unacked ? 1 : 0), failedCount: () => count(failed) };
})();
