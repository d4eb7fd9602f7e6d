// Click a header of a table.sortable to sort by that column (numbers numerically, text by zh collation).
document.addEventListener("click", function (ev) {
  const th = ev.target.closest("table.sortable th");
  if (!th) return;
  const table = th.closest("table"), body = table.tBodies[0];
  if (!body) return;
  const idx = Array.prototype.indexOf.call(th.parentNode.children, th);
  const dir = th.getAttribute("aria-sort") === "ascending" ? "descending" : "ascending";
  table.querySelectorAll("th").forEach(h => h.removeAttribute("aria-sort"));
  th.setAttribute("aria-sort", dir);
  const key = r => (r.children[idx] ? (r.children[idx].dataset.sort || r.children[idx].textContent.trim()) : "");
  const rows = Array.from(body.rows);
  const numeric = rows.every(r => key(r) === "" || !isNaN(parseFloat(key(r))));
  const coll = new Intl.Collator("zh-Hans-CN", { numeric: true });
  rows.sort((a, b) => {
    const x = key(a), y = key(b);
    const c = numeric ? (parseFloat(x || "0") - parseFloat(y || "0")) : coll.compare(x, y);
    return dir === "ascending" ? c : -c;
  });
  rows.forEach(r => body.appendChild(r));
});

// <select data-autosubmit> submits its form when changed (no inline onchange handlers: the CSP forbids them).
document.addEventListener("change", function (ev) {
  const el = ev.target.closest("select[data-autosubmit]");
  if (el && el.form) el.form.submit();
});
