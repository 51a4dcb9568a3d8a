// The idle warning (partials/idle_warning.html). The server says, on <body>, how many seconds
// this session has before the idle limit (data-idle-seconds) and before the absolute limit
// (data-absolute-seconds). Two minutes before either, a dialog says so; "Tetap masuk" posts
// to the keep-alive address (a request that counts as activity) and the clock starts again.
// Tabs share their deadline through localStorage, so working in one tab keeps the warning
// away in the others. When the time is up the dialog says the session has ended; the page
// stays as it is, so a form sent now is kept by the server and refilled after signing in.
// Without JavaScript nothing of this runs and the session simply ends.
(function () {
  "use strict";
  var body = document.body;
  var dialog = document.getElementById("idle-warning");
  if (!dialog || !body.hasAttribute("data-idle-seconds") || typeof dialog.showModal !== "function") {
    return;
  }
  var WARN_MS = 120 * 1000;
  var KEY = "payung.sessionDeadline";
  var timeoutMs = parseInt(body.getAttribute("data-idle-timeout"), 10) * 1000;
  var idleDeadline = Date.now() + parseInt(body.getAttribute("data-idle-seconds"), 10) * 1000;
  var absoluteDeadline = Date.now() + parseInt(body.getAttribute("data-absolute-seconds"), 10) * 1000;
  var form = dialog.querySelector("[data-idle-keepalive]");
  var state = "";
  var dismissed = "";

  function share(deadline) {
    try {
      var known = parseInt(window.localStorage.getItem(KEY), 10);
      if (!(known > deadline)) window.localStorage.setItem(KEY, String(deadline));
    } catch (ignored) {}
  }

  function shared() {
    try {
      var value = parseInt(window.localStorage.getItem(KEY), 10);
      // Another tab's activity moves the deadline on; a value beyond one full timeout from
      // now cannot be right (left over from another session) and is ignored.
      if (value > idleDeadline && value <= Date.now() + timeoutMs) idleDeadline = value;
    } catch (ignored) {}
  }

  function show(next) {
    if (next === state) return;
    state = next;
    var parts = dialog.querySelectorAll("[data-idle-state]");
    for (var i = 0; i < parts.length; i++) {
      parts[i].hidden = parts[i].getAttribute("data-idle-state") !== next;
    }
    if (!next) {
      if (dialog.open) dialog.close();
      return;
    }
    if (dismissed === next) return;
    dialog.setAttribute("aria-labelledby", "idle-warning-title");
    dialog.setAttribute("aria-describedby", "idle-warning-text");
    if (!dialog.open) dialog.showModal();
  }

  function tick() {
    shared();
    var now = Date.now();
    var end = Math.min(idleDeadline, absoluteDeadline);
    if (now >= end) show("ended");
    else if (absoluteDeadline - now <= WARN_MS && absoluteDeadline <= idleDeadline) show("absolute");
    else if (idleDeadline - now <= WARN_MS) show("idle");
    else show("");
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    window
      .fetch(form.action, {
        method: "POST",
        body: new FormData(form),
        credentials: "same-origin",
        headers: { Accept: "application/json" },
      })
      .then(function (response) {
        var json = (response.headers.get("Content-Type") || "").indexOf("json") !== -1;
        if (!response.ok || response.redirected || !json) throw new Error("ended");
        return response.json();
      })
      .then(function (clock) {
        idleDeadline = Date.now() + clock.idle * 1000;
        absoluteDeadline = Date.now() + clock.absolute * 1000;
        share(idleDeadline);
        dismissed = "";
        tick();
      })
      .catch(function () {
        idleDeadline = absoluteDeadline = Date.now();
        tick();
      });
  });

  dialog.querySelector("[data-idle-close]").addEventListener("click", function () {
    dismissed = state;
    dialog.close();
  });
  // Esc closes the dialog as "Tutup" does: the warning comes back only in the next state.
  dialog.addEventListener("cancel", function () {
    dismissed = state;
  });

  share(idleDeadline);
  window.addEventListener("storage", function (event) {
    if (event.key === KEY) tick();
  });
  window.setInterval(tick, 1000);
  tick();
})();
