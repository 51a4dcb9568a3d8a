// The public report form, shortened on a phone by progressive enhancement.
// Without JavaScript every field shows (nothing here is needed to file a report).
// With it: "Nama pelapor" shows only when the reporter chooses "Dengan nama", and the
// phone / e-mail / safe-times fields only when the reporter lets us make contact.
// A field with an error message is never hidden. Loaded as a file: the CSP allows no inline script.
(function () {
  "use strict";
  var form = document.querySelector("form.report-form");
  if (!form) return;

  function checked(name) {
    var input = form.querySelector('input[name="' + name + '"]:checked');
    return input ? input.value : "";
  }

  function show(id, visible) {
    var block = document.getElementById(id);
    if (!block) return;
    if (block.querySelector(".invalid-feedback, .is-invalid, .errorlist")) visible = true;
    block.hidden = !visible;
  }

  function update() {
    show("reporter-name-block", checked("reporter_anonymous") === "0");
    var channel = checked("contact_channel");
    show("contact-details-block", channel !== "" && channel !== "jangan");
  }

  form.addEventListener("change", update);
  update();
})();
