// Quick exit ("Keluar cepat"). The button is a plain link to a neutral site, so it works
// without JavaScript. With JavaScript it also:
//  - replaces this page in the history (location.replace), so Back does not return here;
//  - blanks the page at once, before the neutral site has loaded;
//  - answers Escape pressed twice within 1.5 s. A single Escape is too easy to hit by
//    accident (closing a drop-down) and would throw away a half-written report.
// Loaded as a file from our own origin: the CSP allows no inline script.
(function () {
  "use strict";
  var button = document.getElementById("quick-exit");
  if (!button) return;
  var lastEscape = 0;

  function leave(event) {
    if (event) event.preventDefault();
    var url = button.getAttribute("data-exit-url") || button.href;
    try {
      document.title = "";
      document.body.style.visibility = "hidden";
    } catch (ignored) {}
    window.location.replace(url);
  }

  // Every click leaves, even a Ctrl/middle click that would otherwise open a new tab and
  // leave this page on screen.
  button.addEventListener("click", leave);
  button.addEventListener("auxclick", leave);
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape" && event.key !== "Esc") return;
    var now = Date.now();
    if (now - lastEscape < 1500) {
      leave(event);
    } else {
      lastEscape = now;
    }
  });
})();
