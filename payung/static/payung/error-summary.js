// After a failed submit: move the focus to the error summary (partials/error_summary.html),
// so a screen reader reads it and a keyboard user starts there; a link in it moves the focus
// to its field (the first input of a group of radios or checkboxes). Without JavaScript the
// summary is simply first in <main>. Loaded as a file: the CSP allows no inline script.
(function () {
  "use strict";
  var summary = document.querySelector("[data-error-summary]");
  if (!summary) return;
  summary.focus();

  summary.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("a[href^='#']") : null;
    if (!link) return;
    var target = document.getElementById(decodeURIComponent(link.getAttribute("href").slice(1)));
    if (!target) return;
    var field = target.matches("input, select, textarea, button")
      ? target
      : target.querySelector("input, select, textarea");
    if (!field) return;
    event.preventDefault();
    // A folded section (<details>) holding the field opens first.
    for (var node = field.parentElement; node; node = node.parentElement) {
      if (node.tagName === "DETAILS") node.open = true;
    }
    var label = document.querySelector("label[for='" + field.id + "']");
    var legend = field.closest("fieldset") ? field.closest("fieldset").querySelector("legend") : null;
    (legend || label || field).scrollIntoView({ block: "start" });
    field.focus({ preventScroll: true });
  });
})();
