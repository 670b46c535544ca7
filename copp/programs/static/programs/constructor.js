// The program constructor (M14): totals recomputed as hours are typed, and rows reordered by dragging.
// The server re-renders the table after each change (htmx); this only keeps the numbers live meanwhile.
(function () {
  "use strict";
  const root = document.getElementById("constructor-table");
  if (!root) return;
  const KINDS = ["theory_hours", "practice_hours", "internship_hours", "self_study_hours", "assessment_hours"];

  function recount() {
    const totals = Object.fromEntries(KINDS.map((k) => [k, 0]));
    root.querySelectorAll("tbody tr[data-module]").forEach((row) => {
      let rowTotal = 0;
      KINDS.forEach((kind) => {
        const input = row.querySelector(`input[name^="${kind}-"]`);
        const value = input ? Math.max(0, parseInt(input.value, 10) || 0) : null;
        if (value !== null) { totals[kind] += value; rowTotal += value; }
      });
      const cell = row.querySelector("[data-module-total]");
      if (cell && row.querySelector("input.hours-input")) cell.textContent = rowTotal;
    });
    if (!root.querySelector("input.hours-input")) return;
    let sum = 0;
    KINDS.forEach((kind) => {
      const cell = root.querySelector(`[data-total="${kind}"]`);
      if (cell) cell.textContent = totals[kind];
      sum += totals[kind];
    });
    const total = root.querySelector('[data-total="total"]');
    if (total) total.textContent = sum;
  }
  root.addEventListener("input", (event) => {
    if (event.target.classList.contains("hours-input")) recount();
  });

  function csrfHeaders() {
    try { return JSON.parse(document.body.getAttribute("hx-headers") || "{}"); } catch (e) { return {}; }
  }

  let dragged = null;
  root.addEventListener("dragstart", (event) => {
    const row = event.target.closest("tr[data-module]");
    if (!row) return;
    dragged = row;
    row.classList.add("dragging");
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", row.dataset.module);
  });
  root.addEventListener("dragover", (event) => {
    const row = event.target.closest("tr[data-module]");
    if (!dragged || !row || row === dragged) return;
    event.preventDefault();
    root.querySelectorAll(".drop-target").forEach((r) => r.classList.remove("drop-target"));
    row.classList.add("drop-target");
  });
  root.addEventListener("dragend", () => {
    root.querySelectorAll(".dragging, .drop-target").forEach((r) => r.classList.remove("dragging", "drop-target"));
    dragged = null;
  });
  root.addEventListener("drop", (event) => {
    const row = event.target.closest("tr[data-module]");
    const body = row && row.closest("tbody[data-sortable]");
    if (!dragged || !row || row === dragged || !body || !body.dataset.sortable) return;
    event.preventDefault();
    const rows = Array.from(body.querySelectorAll("tr[data-module]"));
    const after = rows.indexOf(row) > rows.indexOf(dragged);
    row.parentNode.insertBefore(dragged, after ? row.nextSibling : row);
    const params = new URLSearchParams({ action: "reorder" });
    body.querySelectorAll("tr[data-module]").forEach((r) => params.append("order", r.dataset.module));
    fetch(body.dataset.sortable, {
      method: "POST", body: params, credentials: "same-origin",
      headers: Object.assign({ "HX-Request": "true" }, csrfHeaders()),
    }).then((response) => response.text()).then((html) => {
      root.innerHTML = html;
      if (window.htmx) window.htmx.process(root);
    });
  });
})();
