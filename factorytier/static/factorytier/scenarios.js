// Scenario rows of the readiness forms: suggestions follow the chosen 环节, and rows can be added.
(function () {
  const table = document.querySelector("#scenario-table tbody");
  const total = document.querySelector("[name$='-TOTAL_FORMS']");
  if (!table || !total) return;
  function bind(row) {
    const sel = row.querySelector("select"), inp = row.querySelector("input[name$='-scenario']");
    if (!sel || !inp) return;
    const set = () => { const i = sel.selectedIndex - 1; if (i >= 0) inp.setAttribute("list", "sc-" + i); else inp.removeAttribute("list"); };
    sel.addEventListener("change", set); set();
  }
  table.querySelectorAll("tr").forEach(bind);
  document.getElementById("add-scenario").addEventListener("click", function () {
    const n = parseInt(total.value, 10);
    const html = document.getElementById("scenario-template").innerHTML.replace(/__prefix__/g, n).replace(/__n__/g, n + 1);
    table.insertAdjacentHTML("beforeend", html);
    total.value = n + 1;
    bind(table.lastElementChild);
  });
})();
