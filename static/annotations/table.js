/* The claim table: keyboard moves between rows (j/k, arrows), Space ticks a row,
   Enter opens its claim on the article page; a "tick all" box; the bulk bar shows
   the field its action needs; filters apply as they change. Without this script
   the table still sorts, filters and applies bulk actions (links and forms). */
(function () {
  "use strict";

  function $(selector, root) { return (root || document).querySelector(selector); }
  function $all(selector, root) { return Array.prototype.slice.call((root || document).querySelectorAll(selector)); }
  function rows() { return $all("#claim-table tbody tr.claim-row"); }

  function focusRow(row) {
    rows().forEach(function (r) { r.tabIndex = -1; r.classList.remove("current"); });
    row.tabIndex = 0;
    row.classList.add("current");
    row.focus({ preventScroll: true });
    row.scrollIntoView({ block: "nearest" });
  }

  function currentRow() {
    var active = document.activeElement;
    return active && active.closest ? active.closest("#claim-table tr.claim-row") : null;
  }

  function updateCount() {
    var count = $("#bulk-count");
    if (!count) return;
    var ticked = $all('#claim-table input[name="claims"]:checked').length;
    if (!count.dataset.all) count.dataset.all = count.textContent;
    var said = window.ngettext ? window.ngettext("%(ticked)s ticked of %(total)s", "%(ticked)s ticked of %(total)s", ticked)
      : "%(ticked)s ticked of %(total)s";
    var values = { ticked: ticked, total: rows().length };
    count.textContent = ticked
      ? said.replace(/%\((\w+)\)s/g, function (all, name) { return String(values[name]); })
      : count.dataset.all;
    var all = $("#tick-all");
    if (all) {
      all.checked = ticked > 0 && ticked === rows().length;
      all.indeterminate = ticked > 0 && ticked < rows().length;
    }
  }

  function showBulkField() {
    var action = $("#bulk-action");
    if (!action) return;
    $all(".bulk-field").forEach(function (field) { field.hidden = field.dataset.for !== action.value; });
  }

  function setup() {
    var all = $("#tick-all");
    if (all) all.hidden = false;
    showBulkField();
    updateCount();
  }

  document.addEventListener("keydown", function (event) {
    if (!$("#claim-table") || event.ctrlKey || event.metaKey || event.altKey) return;
    var target = event.target;
    var inField = target.closest && target.closest("input:not([name=claims]), select, textarea");
    if (inField) return;
    var list = rows();
    if (!list.length) return;
    var row = currentRow();
    var index = row ? list.indexOf(row) : -1;
    switch (event.key) {
      case "j": case "ArrowDown":
        event.preventDefault();
        focusRow(list[Math.min(index + 1, list.length - 1)]);
        break;
      case "k": case "ArrowUp":
        event.preventDefault();
        focusRow(list[Math.max(index - 1, 0)]);
        break;
      case " ":
        if (!row) return;
        event.preventDefault();
        var box = $('input[name="claims"]', row);
        box.checked = !box.checked;
        updateCount();
        break;
      case "Enter":
        if (!row || (target.closest && target.closest("a, button"))) return;
        event.preventDefault();
        window.location.href = $("a[data-open]", row).href;
        break;
      default:
    }
  });

  document.addEventListener("click", function (event) {
    var row = event.target.closest && event.target.closest("#claim-table tr.claim-row");
    if (row && !event.target.closest("a, input, label")) {
      var box = $('input[name="claims"]', row);
      box.checked = !box.checked;
      updateCount();
      focusRow(row);
    }
  });

  document.addEventListener("change", function (event) {
    var target = event.target;
    if (target.id === "tick-all") {
      $all('#claim-table input[name="claims"]').forEach(function (box) { box.checked = target.checked; });
    }
    if (target.name === "claims" || target.id === "tick-all") updateCount();
    if (target.id === "bulk-action") showBulkField();
    if (target.matches && target.matches('input[type="checkbox"][data-autosubmit]') && target.form) {
      target.form.requestSubmit();
    }
  });

  document.addEventListener("DOMContentLoaded", setup);
  document.addEventListener("htmx:afterSettle", function (event) {
    if (event.detail.target && event.detail.target.id === "claim-table-region") setup();
  });
})();
