// hatescope review page: keyboard shortcuts and small conveniences. The page works without it.
"use strict";
(function () {
  function typing(el) {
    if (!el) return false;
    var tag = el.tagName;
    return tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || el.isContentEditable;
  }

  var form = document.getElementById("review-form");
  var reason = document.getElementById("reason");
  var pending = document.getElementById("pending-decision");
  var chosen = null;

  function choose(decision) {
    var button = document.getElementById(decision === "confirm" ? "btn-confirm" : "btn-overturn");
    if (!form || !button) return;
    if (reason && reason.value.trim() === "") {
      // A reason is required: remember the choice and move to the field; Ctrl+Enter submits.
      chosen = button;
      if (pending) pending.textContent = "Chosen: " + decision + ". Type a reason, then press Ctrl+Enter.";
      reason.focus();
      return;
    }
    form.requestSubmit(button);
  }

  // A decision chosen before the session ended (the server filled the form in again): Ctrl+Enter submits it.
  if (form && form.dataset.chosen) {
    chosen = document.getElementById(form.dataset.chosen === "confirm" ? "btn-confirm" : "btn-overturn");
    if (chosen && pending) pending.textContent = "Chosen: " + form.dataset.chosen + ". Press Ctrl+Enter in the reason to submit.";
  }

  // The review being typed is copied to this tab's sessionStorage, so nothing typed is lost if the
  // session ends or the server restarts before it is saved; the "Review saved" page forgets it.
  var draftKey = form ? "hatescope-review-draft:" + form.getAttribute("action") : null;
  function storage() {
    try { return window.sessionStorage; } catch (e) { return null; }  // storage may be switched off
  }
  if (draftKey && storage()) {
    var store = storage();
    var action = document.getElementById("action");
    if (document.getElementById("saved")) {
      store.removeItem(draftKey);
    } else if (reason && reason.value === "") {
      var saved = null;
      try { saved = JSON.parse(store.getItem(draftKey) || "null"); } catch (e) { saved = null; }
      if (saved && typeof saved.reason === "string" && saved.reason !== "") {
        reason.value = saved.reason;
        if (action && typeof saved.action === "string") action.value = saved.action;
        if (pending) pending.textContent = "Restored the review you were typing; it is not saved yet.";
      }
    }
    var keep = function () {
      store.setItem(draftKey, JSON.stringify({ reason: reason ? reason.value : "", action: action ? action.value : "" }));
    };
    if (reason) reason.addEventListener("input", keep);
    if (action) action.addEventListener("change", keep);
  }

  document.addEventListener("keydown", function (ev) {
    if (ev.ctrlKey && ev.key === "Enter") {
      if (ev.target === reason && form) {
        ev.preventDefault();
        if (chosen) { form.requestSubmit(chosen); }
        else if (pending) { pending.textContent = "Press Confirm or Overturn (or leave the field and press c or o)."; }
        return;
      }
      var analyze = document.getElementById("analyze-form");
      if (analyze && ev.target && analyze.contains(ev.target)) { ev.preventDefault(); analyze.requestSubmit(); }
      return;
    }
    if (ev.ctrlKey || ev.metaKey || ev.altKey || typing(ev.target)) return;
    var link;
    switch (ev.key) {
      case "c": ev.preventDefault(); choose("confirm"); break;
      case "o": ev.preventDefault(); choose("overturn"); break;
      case "n": link = document.getElementById("next-item"); if (link) { window.location.href = link.href; } break;
      case "q": link = document.getElementById("nav-queue"); if (link) { window.location.href = link.href; } break;
    }
  });

  // Clicking highlighted evidence marks the matching rows of the findings table.
  document.addEventListener("click", function (ev) {
    var mark = ev.target.closest ? ev.target.closest("mark[data-findings]") : null;
    document.querySelectorAll(".is-active").forEach(function (el) { el.classList.remove("is-active"); });
    if (!mark) return;
    mark.classList.add("is-active");
    mark.getAttribute("data-findings").split(" ").forEach(function (id) {
      var row = document.getElementById(id);
      if (row) row.classList.add("is-active");
    });
  });
})();
