// Ranked list: drag rows to reorder (saved at once with the list's version as If-Match);
// keyboard users use the 上移/下移 buttons (plain forms), after which focus returns to the moved row.
(function () {
  "use strict";
  function csrf() {
    var m = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    if (m) return decodeURIComponent(m[1]);
    var input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }
  function announce(text) {
    var live = document.getElementById("announce");
    if (live) live.textContent = text;
  }
  document.addEventListener("DOMContentLoaded", function () {
    var table = document.getElementById("ranked");
    if (!table) return;
    // After a keyboard move the page reloads with ?moved=<id>: put focus back on the same button.
    var params = new URLSearchParams(window.location.search);
    var moved = params.get("moved");
    if (moved) {
      var row = document.getElementById("entry-" + moved);
      if (row) {
        var buttons = row.querySelectorAll("button[name=direction]:not([disabled])");
        row.scrollIntoView({block: "center"});
        if (buttons.length) buttons[0].focus({preventScroll: true});
      }
      var live = document.getElementById("announce");
      // Said again after the reload so screen readers announce it; innerHTML keeps the lang mark on the name.
      if (live && live.textContent) { var h = live.innerHTML; live.textContent = ""; setTimeout(function () { live.innerHTML = h; }, 50); }
    }
    if (table.dataset.editable !== "1") return;
    var tbody = table.querySelector("tbody");
    var dragged = null;
    tbody.addEventListener("dragstart", function (e) {
      dragged = e.target.closest("tr.entry");
      if (!dragged) return;
      dragged.classList.add("dragging");
      e.dataTransfer.effectAllowed = "move";
      e.dataTransfer.setData("text/plain", dragged.dataset.app);
    });
    tbody.addEventListener("dragover", function (e) {
      if (!dragged) return;
      e.preventDefault();
      var over = e.target.closest("tr.entry");
      tbody.querySelectorAll(".drop-before").forEach(function (r) { r.classList.remove("drop-before"); });
      if (over && over !== dragged) over.classList.add("drop-before");
    });
    tbody.addEventListener("dragend", function () {
      if (dragged) dragged.classList.remove("dragging");
      tbody.querySelectorAll(".drop-before").forEach(function (r) { r.classList.remove("drop-before"); });
      dragged = null;
    });
    tbody.addEventListener("drop", function (e) {
      if (!dragged) return;
      e.preventDefault();
      var over = e.target.closest("tr.entry");
      if (!over || over === dragged) return;
      var rows = Array.prototype.slice.call(tbody.querySelectorAll("tr.entry"));
      if (rows.indexOf(dragged) < rows.indexOf(over)) over.after(dragged); else over.before(dragged);
      var order = Array.prototype.map.call(tbody.querySelectorAll("tr.entry"), function (r) { return parseInt(r.dataset.app, 10); });
      var id = dragged.dataset.app;
      announce(table.dataset.saving);
      fetch(table.dataset.reorder, {
        method: "POST", credentials: "same-origin",
        headers: {"Content-Type": "application/json", "X-CSRFToken": csrf(), "If-Match": table.dataset.version},
        body: JSON.stringify({order: order})
      }).then(function (resp) {
        return resp.json().then(function (body) { return {ok: resp.ok, body: body}; });
      }).then(function (r) {
        if (r.ok) { window.location.assign(window.location.pathname + "?moved=" + id); }
        else { announce(r.body.detail || table.dataset.failed); window.alert(r.body.detail || table.dataset.failed); window.location.reload(); }
      }).catch(function () { announce(table.dataset.offline); window.location.reload(); });
    });
  });
})();
