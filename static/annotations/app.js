/* Fact-check desk: the few things the browser must do itself — map a text selection
   onto body offsets, open claim panels, keyboard shortcuts. No build step, no
   framework; htmx (bundled by django-htmx) does the requests and swaps. */
(function () {
  "use strict";

  var lastSelection = null; // {start, end} in body offsets, or null
  var pendingFocus = null; // what to focus once a panel arrives: "source" | "rate" | "panel"

  /* The words this script says, in the page's language: Django's JavaScript catalogue
     (served at /i18n/js/, loaded before this file) defines gettext, ngettext and
     interpolate; without it (a page that does not load it) the English stands. */
  function _(text) { return window.gettext ? window.gettext(text) : text; }
  function ngettext(one, many, count) {
    return window.ngettext ? window.ngettext(one, many, count) : (count === 1 ? one : many);
  }
  function fill(format, values) {
    return format.replace(/%\((\w+)\)s/g, function (all, name) { return String(values[name]); });
  }
  // Whether an element's text runs right to left (an Arabic article, or the page).
  function isRtl(element) { return window.getComputedStyle(element).direction === "rtl"; }

  function $(selector, root) { return (root || document).querySelector(selector); }
  function $all(selector, root) { return Array.prototype.slice.call((root || document).querySelectorAll(selector)); }
  function workspace() { return $("#workspace"); }
  function body() { return $("#article-body"); }
  function canReview() { var ws = workspace(); return !!(ws && ws.dataset.canReview); }

  /* --- selection → body offsets --------------------------------------------------
     Every run of body text is a <span class="txt" data-start data-end> holding one
     text node, rendered with white-space: pre-wrap, so the characters on screen are
     the stored characters. Badges and screen-reader labels are not .txt runs and are
     skipped. */

  function textRuns(root) { return $all(".txt", root); }

  function offsetOfPoint(node, offset, isEnd) {
    var root = body();
    if (!root || !root.contains(node)) return null;
    if (node.nodeType === Node.TEXT_NODE) {
      var parent = node.parentElement;
      if (parent && parent.classList.contains("txt")) {
        return Number(parent.dataset.start) + offset;
      }
      // Inside a badge or hidden label: snap to the segment's edge.
      var seg = parent && parent.closest(".seg");
      if (seg) return Number(isEnd ? seg.dataset.end : seg.dataset.start);
      return null;
    }
    // An element boundary: the run that starts at or after it, or the last one before.
    var runs = textRuns(root);
    var marker = node.childNodes[offset] || null;
    for (var i = 0; i < runs.length; i++) {
      var run = runs[i];
      var position = marker ? marker.compareDocumentPosition(run) : node.compareDocumentPosition(run);
      var after = marker
        ? (marker === run || marker.contains(run) || (position & Node.DOCUMENT_POSITION_FOLLOWING))
        : (position & Node.DOCUMENT_POSITION_FOLLOWING) && !node.contains(run);
      if (after) return Number(run.dataset.start);
    }
    return runs.length ? Number(runs[runs.length - 1].dataset.end) : null;
  }

  function selectionOffsets() {
    var selection = window.getSelection();
    if (!selection || selection.rangeCount === 0 || selection.isCollapsed) return null;
    var range = selection.getRangeAt(0);
    var start = offsetOfPoint(range.startContainer, range.startOffset, false);
    var end = offsetOfPoint(range.endContainer, range.endOffset, true);
    if (start === null || end === null || end <= start) return null;
    return { start: start, end: end };
  }

  function bodyText() {
    return textRuns(body()).map(function (run) { return run.textContent; }).join("");
  }

  // The DOM point of a body offset (the inverse of offsetOfPoint).
  function pointAt(offset, isEnd) {
    var runs = textRuns(body());
    for (var i = 0; i < runs.length; i++) {
      var start = Number(runs[i].dataset.start), end = Number(runs[i].dataset.end);
      if ((start <= offset && offset < end) || (isEnd && offset === end)) {
        return { node: runs[i].firstChild, offset: offset - start };
      }
    }
    return null;
  }

  // Select body[start:end] on screen, as if the reader had dragged over it.
  function selectOffsets(start, end) {
    var from = pointAt(start, false), to = pointAt(end, true);
    if (!from || !to) return null;
    var range = document.createRange();
    range.setStart(from.node, from.offset);
    range.setEnd(to.node, to.offset);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
    return range;
  }

  // The selection bar sits just under the selected text (above it near the bottom
  // of the window), so what it says is where the reader is looking.
  function placeTools(tools) {
    var selection = window.getSelection();
    tools.classList.remove("floating");
    var host = tools.parentElement;
    if (!selection || !selection.rangeCount || !host) return;
    var rects = selection.getRangeAt(0).getClientRects();
    if (!rects.length) return;
    var last = rects[rects.length - 1], first = rects[0];
    var hostRect = host.getBoundingClientRect();
    var height = tools.offsetHeight, width = tools.offsetWidth;
    var below = last.bottom + 8;
    var top = below + height > window.innerHeight - 8 ? first.top - height - 8 : below;
    var left = Math.max(0, Math.min(last.left - hostRect.left - width / 2, hostRect.width - width));
    tools.classList.add("floating");
    tools.style.top = (top - hostRect.top) + "px";
    tools.style.left = left + "px";
  }

  function quoteText(start, end) {
    var text = bodyText().slice(start, end).replace(/\s+/g, " ").trim();
    if (text.length > 70) text = text.slice(0, 34) + " … " + text.slice(-30);
    return text;
  }

  function quoteOf(start, end) {
    var text = bodyText().slice(start, end).replace(/\s+/g, " ").trim();
    var words = text ? text.split(" ").length : 0;
    return fill(ngettext("“%(quote)s” (%(count)s word)", "“%(quote)s” (%(count)s words)", words),
                { quote: quoteText(start, end), count: words });
  }

  function updateSelectionTools() {
    var tools = $("#selection-tools");
    var offsets = selectionOffsets();
    lastSelection = offsets || lastSelection;
    if (!offsets) {
      // Keep the last selection while focus moves to a button that will use it.
      var active = document.activeElement;
      if (!(active && (active.closest("#selection-tools") || active.dataset.action === "use-selection"))) {
        lastSelection = null;
      }
    }
    if (tools) {
      var said = $("[data-feedback]", tools);
      if (said && (!lastSelection || String(lastSelection.start) !== tools.elements.start.value ||
                   String(lastSelection.end) !== tools.elements.end.value)) {
        said.remove(); // the message was about another selection
      }
      tools.hidden = !lastSelection;
      if (lastSelection) {
        tools.elements.start.value = lastSelection.start;
        tools.elements.end.value = lastSelection.end;
        tools.elements.claim.value = currentPanelId() || "";
        offerActions(tools, lastSelection);
        placeTools(tools);
      }
    }
    var use = $('#rebound-form [data-action="use-selection"]');
    if (use) use.disabled = !lastSelection;
  }

  // Inside one claim, the bar offers to carve the span out of it; elsewhere, a new
  // claim (the server trims plain segments such as captions to make room).
  function trimmed(sel) {
    var text = bodyText(), start = sel.start, end = sel.end;
    while (start < end && /\s/.test(text.charAt(start))) start++;
    while (end > start && /\s/.test(text.charAt(end - 1))) end--;
    return { start: start, end: end };
  }

  function containingSegment(sel) {
    var span = trimmed(sel);
    return allSegments().find(function (seg) {
      return Number(seg.dataset.start) <= span.start && span.end <= Number(seg.dataset.end);
    }) || null;
  }

  function carveable(seg) {
    if (!seg) return false;
    var live = seg.classList.contains("kind-claim") && !seg.classList.contains("dismissed");
    return live || Number(seg.dataset.sources) > 0 || !seg.classList.contains("status-open");
  }

  function offerActions(tools, sel) {
    var seg = containingSegment(sel);
    var carve = $('[data-action="carve"]', tools), create = $('[data-action="create"]', tools);
    var choice = $(".carve-citations", tools);
    var info = quoteOf(sel.start, sel.end);
    var span = trimmed(sel);
    var whole = seg && span.start === Number(seg.dataset.start) && span.end === Number(seg.dataset.end);
    var inside = carveable(seg) && !whole;
    if (carve) {
      carve.hidden = !inside;
      create.hidden = inside || (whole && carveable(seg));
      if (inside) {
        carve.dataset.url = "/claims/" + seg.dataset.claim + "/carve/";
        carve.formAction = carve.dataset.url;
        tools.elements.version.value = seg.dataset.version || "";
        info = fill(_("%(selection)s in claim #%(claim)s"), { selection: info, claim: seg.dataset.claim });
      }
      if (whole && carveable(seg)) {
        info = fill(_("%(selection)s is claim #%(claim)s already"), { selection: info, claim: seg.dataset.claim });
      }
      choice.hidden = !(inside && Number(seg.dataset.sources) > 0);
    }
    $(".selection-info", tools).textContent = info;
  }

  function primaryAction(tools) {
    return $all('button[type="submit"]', tools).find(function (b) { return !b.hidden; }) || null;
  }

  /* --- choosing a span with the keyboard ------------------------------------------
     v on a claim selects its first word; → and ← move the end by a word, Shift+→ and
     Shift+← the start; Enter presses the selection bar's button; Esc stops. The
     selection is a real one, so the bar and the mouse path do the rest. */

  var keySpan = null; // {words, first, last, seg} while choosing

  function wordsOf(text) {
    var words = [], match, pattern = /\S+/g;
    while ((match = pattern.exec(text))) words.push({ start: match.index, end: match.index + match[0].length });
    return words;
  }

  function showKeySpan() {
    var start = keySpan.words[keySpan.first].start, end = keySpan.words[keySpan.last].end;
    selectOffsets(start, end);
    updateSelectionTools();
    var tools = $("#selection-tools");
    var action = tools && primaryAction(tools);
    announce(fill(_("“%(quote)s” selected. Arrows move the end, Shift and arrows the start; Enter: %(action)s; Esc stops."),
                  { quote: quoteText(start, end), action: action ? action.textContent.trim() : _("nothing to do") }),
             "notice");
  }

  function startKeySpan(seg) {
    var words = wordsOf(bodyText());
    var from = Number(seg.dataset.start);
    var first = words.findIndex(function (w) { return w.start >= from; });
    if (first < 0) return;
    keySpan = { words: words, first: first, last: first, seg: seg };
    document.body.classList.add("choosing-span");
    showKeySpan();
  }

  function stopKeySpan(keepSelection) {
    if (!keySpan) return;
    var seg = keySpan.seg;
    keySpan = null;
    document.body.classList.remove("choosing-span");
    if (!keepSelection) {
      window.getSelection().removeAllRanges();
      lastSelection = null;
      updateSelectionTools();
    }
    if (seg && document.contains(seg)) seg.focus({ preventScroll: true });
  }

  function keySpanKey(event) {
    var n = keySpan.words.length;
    // In right-to-left text the next word is to the left: the arrows follow the text.
    var key = event.key;
    if (isRtl(body())) key = { ArrowRight: "ArrowLeft", ArrowLeft: "ArrowRight" }[key] || key;
    switch (key) {
      case "ArrowRight": case "l": case "L":
        if (event.shiftKey || event.key === "L") keySpan.first = Math.min(keySpan.first + 1, keySpan.last);
        else keySpan.last = Math.min(keySpan.last + 1, n - 1);
        break;
      case "ArrowLeft": case "h": case "H":
        if (event.shiftKey || event.key === "H") keySpan.first = Math.max(keySpan.first - 1, 0);
        else keySpan.last = Math.max(keySpan.last - 1, keySpan.first);
        break;
      case "Enter":
        var tools = $("#selection-tools");
        var action = tools && primaryAction(tools);
        stopKeySpan(true);
        if (action) action.click();
        event.preventDefault();
        return;
      case "Escape":
        stopKeySpan(false);
        event.preventDefault();
        return;
      default:
        return;
    }
    event.preventDefault();
    showKeySpan();
  }

  /* --- the split picker: click between two words of the claim ----------------------
     The select beside it lists the good boundaries (and works without JS); a click
     or an arrow key here sets it to any word boundary. */

  function pickerGaps(picker) { return $all(".gap", picker); }

  function pickGap(picker, gap) {
    if (!gap) return;
    pickerGaps(picker).forEach(function (g) { g.classList.toggle("chosen", g === gap); });
    var select = document.getElementById(picker.dataset.for);
    if (select) {
      var value = gap.dataset.at;
      var option = $all("option", select).find(function (o) { return o.value === value; });
      if (!option) {
        option = new Option(gap.dataset.label, value);
        option.dataset.picked = "1";
        $all("option[data-picked]", select).forEach(function (o) { o.remove(); });
        var after = $all("option", select).find(function (o) { return Number(o.value) > Number(value); });
        select.insertBefore(option, after || null);
      }
      select.value = value;
    }
    picker.setAttribute("aria-valuenow", String(pickerGaps(picker).indexOf(gap) + 1));
    picker.setAttribute("aria-valuetext", gap.dataset.label);
  }

  function setupPickers(root) {
    $all(".split-picker", root).forEach(function (picker) {
      picker.hidden = false;
      var select = document.getElementById(picker.dataset.for);
      var value = select ? select.value : "";
      pickGap(picker, pickerGaps(picker).find(function (g) { return g.dataset.at === value; }));
    });
  }

  // The boundary nearest a click: the gap clicked, or the one on the side of the
  // word the click was on (words alternate with gaps, so it is a sibling).
  function gapNear(picker, event) {
    var gap = event.target.closest(".gap");
    if (gap) return gap;
    var word = event.target.closest(".w");
    if (!word) return null;
    var box = word.getBoundingClientRect();
    var before = event.clientX < box.left + box.width / 2;
    var previous = word.previousElementSibling, next = word.nextElementSibling;
    return (before ? previous || next : next || previous) || null;
  }

  document.addEventListener("click", function (event) {
    var picker = event.target.closest && event.target.closest(".split-picker");
    if (picker) pickGap(picker, gapNear(picker, event));
  });

  document.addEventListener("keydown", function (event) {
    var picker = event.target.closest && event.target.closest(".split-picker");
    if (!picker) return;
    var gaps = pickerGaps(picker);
    var index = gaps.findIndex(function (g) { return g.classList.contains("chosen"); });
    var forward = isRtl(picker) ? "ArrowLeft" : "ArrowRight", back = isRtl(picker) ? "ArrowRight" : "ArrowLeft";
    var moves = { Home: 0, End: gaps.length - 1 };
    moves[back] = index - 1;
    moves[forward] = index + 1;
    var next = moves[event.key];
    if (next === undefined) return;
    event.preventDefault();
    event.stopPropagation();
    pickGap(picker, gaps[Math.max(0, Math.min(gaps.length - 1, next))]);
  }, true);

  /* --- feedback: beside the control, and in the page's live region ------------------ */

  function announce(text, kind) {
    var live = $("#live-feedback");
    if (!live) return;
    window.clearTimeout(announce.timer);
    live.textContent = "";
    var line = document.createElement("p");
    line.className = "message " + (kind === "error" ? "error" : "success");
    line.textContent = text;
    live.appendChild(line);
    placeToast();
    announce.timer = window.setTimeout(clearToast, kind === "error" ? 20000 : 8000);
  }

  function clearToast() {
    var live = $("#live-feedback");
    if (live) live.textContent = "";
    placeToast();
  }

  // The message never covers the claim panel: beside the text it is centred in the
  // room left of the panel; over the text (a phone) the panel ends above it.
  function placeToast() {
    var root = document.documentElement;
    root.style.removeProperty("--toast-end");
    root.style.removeProperty("--toast-space");
    var live = $("#live-feedback");
    var panel = $("#claim-panel");
    if (!live || !panel || !live.textContent.trim()) return;
    var box = panel.getBoundingClientRect();
    if (box.width === 0 || box.height === 0) return;
    if (window.getComputedStyle(panel).position === "fixed") {
      var room = window.innerHeight - live.getBoundingClientRect().top + 8;
      root.style.setProperty("--toast-space", Math.ceil(room) + "px");
    } else {
      // Clear of the panel on its side: the right in a left-to-right page, the left in Arabic.
      var clearance = isRtl(document.documentElement) ? box.right : window.innerWidth - box.left;
      root.style.setProperty("--toast-end", Math.ceil(clearance + 16) + "px");
    }
  }
  window.addEventListener("resize", placeToast);
  document.addEventListener("htmx:afterSettle", placeToast);

  // After a swap: the message beside the control is brought into view (the window
  // moves only if it must) and takes focus, and the live region says it too.
  function showFeedback(root) {
    var said = $("[data-feedback]", root || document);
    if (!said) return false;
    announce(said.textContent.trim(), said.dataset.feedback);
    var details = said.closest("details");
    while (details) { details.open = true; details = details.parentElement.closest("details"); }
    said.focus({ preventScroll: true });
    said.scrollIntoView({ block: "nearest", inline: "nearest" });
    return true;
  }

  /* --- claims and the panel --------------------------------------------------------- */

  function claimSegments() { return $all("#article-body .seg.kind-claim"); }
  function allSegments() { return $all("#article-body .seg"); }

  function panelUrl(id) { return "/claims/" + id + "/"; }
  function articleUrl(id) {
    var ws = workspace();
    var base = "/articles/" + ws.dataset.article + "/";
    return id ? base + "?claim=" + id : base;
  }

  function focusSegment(seg) {
    allSegments().forEach(function (s) { s.tabIndex = -1; });
    seg.tabIndex = 0;
    seg.focus({ preventScroll: true });
    seg.scrollIntoView({ block: "nearest", inline: "nearest" });
  }

  function markSelected(id) {
    allSegments().forEach(function (s) { s.classList.toggle("selected", s.dataset.claim === String(id)); });
  }

  function openPanel(id, focusWhat) {
    if (!canReview()) return;
    pendingFocus = focusWhat || "panel";
    var open = currentPanelId();
    if (open === String(id)) { applyPendingFocus(); return; }
    markSelected(id);
    history.replaceState(null, "", articleUrl(id));
    htmx.ajax("GET", panelUrl(id), { target: "#claim-panel", swap: "outerHTML", source: "#workspace" });
  }

  function closePanel() {
    var panel = $("#claim-panel");
    if (!panel || !panel.dataset.claim) return false;
    var id = panel.dataset.claim;
    panel.removeAttribute("data-claim");
    panel.innerHTML = '<div class="panel-empty"><h2 id="claim-panel-title">No claim open</h2>' +
      "<p>Click a highlighted claim, or press <kbd>j</kbd>/<kbd>k</kbd> then <kbd>Enter</kbd>.</p></div>";
    workspace().classList.remove("has-panel");
    markSelected(null);
    history.replaceState(null, "", articleUrl(null));
    var seg = document.getElementById("claim-" + id);
    if (seg) focusSegment(seg);
    return true;
  }

  function currentPanelId() {
    var panel = $("#claim-panel");
    return panel && panel.dataset.claim ? panel.dataset.claim : null;
  }

  function applyPendingFocus() {
    var what = pendingFocus;
    pendingFocus = null;
    var panel = $("#claim-panel");
    if (!panel || !what) return;
    var target = null;
    if (what === "source") {
      var details = $("details.add-source", panel);
      if (details) details.open = true;
      target = $(".source-search", panel);
    } else if (what === "rate") {
      target = $("#rate-form select", panel);
    } else if (what === "error") {
      target = $('[role="alert"]', panel) ? $("#claim-panel-title", panel) : null;
    }
    target = target || $("#claim-panel-title", panel) || panel;
    if (target.id === "claim-panel-title" || target === panel) target.tabIndex = -1;
    // The panel is beside the text, or an overlay over it on narrow screens: either
    // way the article keeps its scroll position.
    target.focus({ preventScroll: true });
    target.scrollIntoView({ block: "nearest" });
  }

  function focusedSegment() {
    var active = document.activeElement;
    if (active && active.classList && active.classList.contains("seg")) return active;
    var id = currentPanelId();
    return (id && document.getElementById("claim-" + id)) || null;
  }

  function moveClaim(step) {
    var segs = claimSegments();
    if (!segs.length) return;
    var current = focusedSegment();
    var index = current ? segs.indexOf(current) : -1;
    if (index === -1 && current) {
      // On a non-claim: find the nearest claim in the direction of travel.
      var start = Number(current.dataset.start);
      index = step > 0 ? segs.findIndex(function (s) { return Number(s.dataset.start) > start; }) - 1
                       : segs.findIndex(function (s) { return Number(s.dataset.start) > start; });
      if (index < -1) index = segs.length - 1;
    }
    var next = index + step;
    if (index === -1 && step < 0) next = segs.length - 1;
    next = Math.max(0, Math.min(segs.length - 1, next));
    focusSegment(segs[next]);
  }

  /* --- events --------------------------------------------------------------------- */

  document.addEventListener("click", function (event) {
    var close = event.target.closest('[data-action="close-panel"]');
    if (close && canReview()) { event.preventDefault(); closePanel(); return; }
    if (event.target.closest('[data-action="shortcuts"]')) { showShortcuts(); return; }
    var indexLink = event.target.closest(".claim-index a[data-claim]");
    if (indexLink && canReview() && !event.ctrlKey && !event.metaKey && !event.shiftKey) {
      event.preventDefault();
      var target = document.getElementById("claim-" + indexLink.dataset.claim);
      if (target) focusSegment(target);
      openPanel(indexLink.dataset.claim, "panel");
      return;
    }
    var seg = event.target.closest("#article-body .seg");
    if (!seg || !canReview()) return;
    var selection = window.getSelection();
    if (selection && !selection.isCollapsed && selectionOffsets()) return; // selecting, not opening
    focusSegment(seg);
    openPanel(seg.dataset.claim, "panel");
  });

  // While the mouse is still selecting, the bar waits: it would appear under the
  // pointer and take the end of the drag.
  var dragging = false;
  document.addEventListener("mousedown", function (event) {
    dragging = !!(body() && event.button === 0 && body().contains(event.target));
  });
  document.addEventListener("mouseup", function () {
    if (!dragging) return;
    dragging = false;
    window.clearTimeout(updateSelectionTools.timer);
    updateSelectionTools.timer = window.setTimeout(updateSelectionTools, 0);
  });

  document.addEventListener("selectionchange", function () {
    if (!body() || dragging) return;
    window.clearTimeout(updateSelectionTools.timer);
    updateSelectionTools.timer = window.setTimeout(updateSelectionTools, 60);
  });

  // The rebound form's "Use the selected text" copies the selection into its fields.
  document.addEventListener("htmx:configRequest", function (event) {
    var trigger = event.detail.triggeringEvent;
    var submitter = trigger && trigger.submitter;
    if (submitter && submitter.dataset.action === "use-selection" && lastSelection) {
      event.detail.parameters.start = lastSelection.start;
      event.detail.parameters.end = lastSelection.end;
    }
    if (submitter && submitter.dataset.action === "carve" && submitter.dataset.url) {
      event.detail.path = submitter.dataset.url;
    }
  });
  document.addEventListener("submit", function (event) {
    // Without htmx (or before it runs) the plain form still carries the offsets.
    var submitter = event.submitter;
    if (submitter && submitter.dataset.action === "use-selection" && lastSelection) {
      var form = submitter.form;
      form.elements.start.value = lastSelection.start;
      form.elements.end.value = lastSelection.end;
    }
  }, true);

  document.addEventListener("htmx:afterSwap", function (event) {
    var target = event.detail.target;
    if (!target) return;
    var ws = workspace();
    if (ws) ws.classList.toggle("has-panel", !!currentPanelId());
    if (target.id === "claim-panel" || target.id === "workspace") {
      setupPickers(target.id === "workspace" ? workspace() : $("#claim-panel"));
      lastSelection = null;
      var tools = $("#selection-tools");
      if (tools && !tools.hidden && tools.elements.start.value) {
        // A refused selection comes back: select it again, the message beside it.
        var start = Number(tools.elements.start.value), end = Number(tools.elements.end.value);
        if (selectOffsets(start, end)) lastSelection = { start: start, end: end };
      }
      updateSelectionTools();
      if (target.id === "workspace") {
        var id = currentPanelId();
        if (id) {
          var seg = document.getElementById("claim-" + id);
          if (seg) { allSegments().forEach(function (s) { s.tabIndex = -1; }); seg.tabIndex = 0; }
        }
        pendingFocus = pendingFocus || "panel";
      }
      if (showFeedback(target.id === "workspace" ? workspace() : target)) {
        pendingFocus = null;
      } else {
        applyPendingFocus();
      }
    } else if ($("[data-feedback]", target)) {
      showFeedback(target);
    }
  });

  // Enter in the source search must not submit the citation form.
  document.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && event.target.matches && event.target.matches("input.source-search")) {
      event.preventDefault();
    }
  });

  function typing(target) {
    if (!target || !target.closest) return false;
    return !!target.closest("input, textarea, select, [contenteditable=true], dialog[open]");
  }

  function showShortcuts() {
    var dialog = $("#shortcuts");
    if (dialog && !dialog.open) dialog.showModal();
  }

  document.addEventListener("keydown", function (event) {
    if (!body() || event.ctrlKey || event.metaKey || event.altKey) return;
    if (keySpan) { keySpanKey(event); return; }
    if (event.key === "Escape") {
      if ($("dialog[open]")) return; // the dialog closes itself
      if (typing(event.target)) {
        // First Esc leaves the field (what was typed stays); the next closes the panel.
        var title = $("#claim-panel-title");
        if (title) { title.tabIndex = -1; title.focus(); } else { event.target.blur(); }
        event.preventDefault();
        return;
      }
      if (closePanel()) event.preventDefault();
      return;
    }
    if (typing(event.target)) return;
    var seg;
    switch (event.key) {
      case "j": case "ArrowDown":
        if (event.key === "ArrowDown" && !(document.activeElement && document.activeElement.classList.contains("seg"))) return;
        event.preventDefault(); moveClaim(1); break;
      case "k": case "ArrowUp":
        if (event.key === "ArrowUp" && !(document.activeElement && document.activeElement.classList.contains("seg"))) return;
        event.preventDefault(); moveClaim(-1); break;
      case "Enter":
        seg = event.target.closest && event.target.closest("#article-body .seg");
        if (seg) { event.preventDefault(); openPanel(seg.dataset.claim, "panel"); }
        break;
      case "s": case "r":
        seg = focusedSegment() || claimSegments()[0];
        if (seg) { event.preventDefault(); openPanel(seg.dataset.claim, event.key === "s" ? "source" : "rate"); }
        break;
      case "v":
        seg = focusedSegment();
        if (seg && canReview()) { event.preventDefault(); startKeySpan(seg); }
        break;
      case "?":
        event.preventDefault(); showShortcuts(); break;
      default:
    }
  });

  // The new-article form: what the pasted text's header says shows as each empty
  // field's placeholder (the server fills it in unless the user types their own).
  document.addEventListener("htmx:afterSwap", function (event) {
    var found = document.getElementById("metadata-found");
    if (!found || !found.contains(event.detail.elt) && event.detail.elt !== found) return;
    ["id_title", "id_byline", "id_published_on"].forEach(function (id) {
      var input = document.getElementById(id);
      if (!input) return;
      var item = found.querySelector('[data-fill="' + id + '"]');
      input.placeholder = item ? (item.dataset.value || item.textContent) : "";
    });
  });

  /* A field with an advised length (desk.forms.CountedField): the count the page
     rendered follows what the editor types. The words are the template's, from the
     same catalogue entry. */
  document.addEventListener("input", function (event) {
    var input = event.target;
    if (!input.matches || !input.matches("input[data-advised-length]")) return;
    var counter = document.querySelector('[data-counter-for="' + input.id + '"]');
    if (!counter) return;
    var advised = parseInt(input.dataset.advisedLength, 10);
    var length = Array.from(input.value).length;
    counter.textContent = fill(
      ngettext("%(count)s character of %(advised)s advised",
               "%(count)s characters of %(advised)s advised", length),
      { count: length, advised: advised });
    counter.classList.toggle("over", length > advised);
  });

  // A select that submits its form when it changes (no inline handlers: CSP).
  document.addEventListener("change", function (event) {
    var select = event.target;
    if (select.matches && select.matches("select[data-autosubmit]") && select.form) {
      select.form.requestSubmit();
    }
  });

  document.addEventListener("DOMContentLoaded", function () {
    var id = currentPanelId();
    if (id) {
      var seg = document.getElementById("claim-" + id);
      if (seg) seg.scrollIntoView({ block: "center" });
    }
    // A page answered after a refused plain POST: the message beside its control.
    if (workspace()) { setupPickers(workspace()); showFeedback(workspace()); }
    var live = $("#live-feedback");
    if (live && live.textContent.trim()) {
      placeToast();
      announce.timer = window.setTimeout(clearToast, 12000);
    }
  });
  document.addEventListener("click", function (event) {
    var live = event.target.closest && event.target.closest("#live-feedback");
    if (live) clearToast();
  });
})();
