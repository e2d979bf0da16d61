// The "look up an archived copy" controls of the claim panel
// (templates/annotations/_archive_field.html, _source_archive.html). Nothing here
// talks to a server: the link opens the Wayback Machine's list of snapshots of the
// source's URL in a new tab, and the reviewer confirms one there. Loaded with every
// panel that has the controls (htmx swaps included), so it sets itself up once and
// listens on the document.
(function () {
  "use strict";
  if (window.factcheckArchiveHelper) return;
  window.factcheckArchiveHelper = true;

  var WAYBACK = "https://web.archive.org/web/";
  var WEB_URL = /^https?:\/\/[^\s"<>\\^`{|}]+$/i;

  function sourceUrl(control) {
    if (control.dataset.url) return control.dataset.url.trim();
    var form = control.closest("form");
    var input = form && form.querySelector(control.dataset.urlFrom || "[name=url]");
    return input ? input.value.trim() : "";
  }

  function refresh(control) {
    var url = sourceUrl(control);
    var usable = WEB_URL.test(url);
    if (control.matches("a[data-archive-lookup]")) {
      control.href = usable ? WAYBACK + "*/" + url : WAYBACK;
    } else {
      control.hidden = !usable;
    }
  }

  function refreshAll(root) {
    root.querySelectorAll("[data-archive-lookup], [data-archive-fill]").forEach(refresh);
  }

  document.addEventListener("input", function (event) {
    var form = event.target.closest && event.target.closest("form");
    if (form && event.target.name === "url") refreshAll(form);
  });

  document.addEventListener("click", function (event) {
    var lookup = event.target.closest("a[data-archive-lookup]");
    if (lookup) refresh(lookup);
    var fill = event.target.closest("button[data-archive-fill]");
    if (!fill) return;
    event.preventDefault();
    var url = sourceUrl(fill);
    var box = fill.closest(".archive-field");
    var field = box && box.querySelector("[name=archive_url]");
    if (!field || !WEB_URL.test(url)) return;
    // The Wayback Machine answers this address with its newest snapshot.
    field.value = WAYBACK + url;
    field.focus();
  });

  function ready() { refreshAll(document); }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", ready);
  } else {
    ready();
  }
  document.addEventListener("htmx:afterSettle", function (event) {
    refreshAll(event.target || document);
  });
})();
