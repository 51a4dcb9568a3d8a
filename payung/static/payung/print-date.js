// The printed record's header line says when it was printed (partials/print_header.html):
// the server wrote the time the page was loaded; at printing, write the time of printing,
// in the page's language. Loaded as a file from our own origin: the CSP allows no inline script.
(function () {
  "use strict";
  window.addEventListener("beforeprint", function () {
    var text;
    try {
      text = new Date().toLocaleString(document.documentElement.lang || undefined, {
        day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit"
      });
    } catch (ignored) {
      return;
    }
    document.querySelectorAll(".print-header__date").forEach(function (el) {
      el.textContent = text;
    });
  });
})();
