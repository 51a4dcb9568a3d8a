// Confirmations appear where the user is looking (issue #15): after an action the page
// comes back with a message at the top of <main> (base.html, role status or alert);
// move focus there so that it is on screen and a screen reader reads it. A page that
// already put focus somewhere (an error summary, an autofocus field) keeps it.
// Loaded as a file from our own origin: the CSP allows no inline script.
(function () {
  "use strict";
  function focusMessages() {
    var region = document.getElementById("messages");
    if (!region) return;
    var active = document.activeElement;
    if (active && active !== document.body && active !== document.documentElement) return;
    if (document.querySelector("[autofocus], [data-error-summary], .error-summary")) return;
    region.focus();
    // Keep it on screen: a browser may scroll back to the URL's #fragment as the page
    // settles; the fragment stays in the address for a reload.
    window.requestAnimationFrame(function () {
      region.scrollIntoView({ block: "start" });
    });
  }
  // After "load": a browser that scrolls to the URL's #fragment (the section the action
  // came from) does so while loading and takes focus away from anything focused before.
  if (document.readyState === "complete") {
    focusMessages();
  } else {
    window.addEventListener("load", function () {
      window.setTimeout(focusMessages, 0);
    });
  }
})();
