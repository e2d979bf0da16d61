/* The editors' review queue from the keyboard: j/k move between claims, a focuses the
   verdict, t the return comment, Enter opens the claim in its article. */
(function () {
  "use strict";

  function items() { return Array.prototype.slice.call(document.querySelectorAll(".queue-item[data-claim]")); }
  function current() {
    var active = document.activeElement;
    return (active && active.closest && active.closest(".queue-item[data-claim]")) ||
      document.querySelector(".queue-item.current");
  }
  function select(item) {
    items().forEach(function (i) { i.classList.toggle("current", i === item); });
    if (item) { item.focus({ preventScroll: true }); item.scrollIntoView({ block: "nearest" }); }
  }
  function typing(target) {
    return !!(target && target.closest && target.closest("input, textarea, select"));
  }

  document.addEventListener("keydown", function (event) {
    if (!document.querySelector(".queue-items") || event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.key === "Escape" && typing(event.target)) {
      var item = event.target.closest(".queue-item");
      if (item) { event.preventDefault(); select(item); }
      return;
    }
    if (typing(event.target)) return;
    var list = items();
    var here = current();
    var index = here ? list.indexOf(here) : -1;
    switch (event.key) {
      case "j":
        event.preventDefault(); select(list[Math.min(index + 1, list.length - 1)] || list[0]); break;
      case "k":
        event.preventDefault(); select(list[Math.max(index - 1, 0)] || list[0]); break;
      case "a": case "t": {
        var target = here || list[0];
        if (!target) return;
        var field = target.querySelector(event.key === "a" ? ".approve-form select" : ".return-form textarea");
        if (field) { event.preventDefault(); select(target); field.focus(); }
        break;
      }
      case "Enter":
        if (here && event.target === here && here.dataset.href) { event.preventDefault(); window.location = here.dataset.href; }
        break;
      default:
    }
  });

  document.addEventListener("htmx:afterSwap", function (event) {
    var target = event.detail.target;
    if (target && target.classList && target.classList.contains("queue-item")) {
      var swapped = document.getElementById(target.id) || target;
      var alert = swapped.querySelector('[role="alert"], [role="status"]');
      if (alert) swapped.scrollIntoView({ block: "nearest" });
    }
  });
})();
