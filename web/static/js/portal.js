/* The portal's small enhancements; every page works without them.
   - Password fields get a "Show"/"Hide" button (GOV.UK pattern): the button names the field it
     controls (aria-controls), its label changes, and a status message says what happened. The field
     is put back to hidden before the form is sent, so browsers never store it as plain text.
   - The invitation form hides the organisation field while the council moderator role is chosen. */
(function () {
  "use strict";

  function strings() {
    var node = document.getElementById("portal-strings");
    return node ? node.dataset : null;
  }

  function passwordToggles(words) {
    var fields = document.querySelectorAll('input[type="password"]');
    Array.prototype.forEach.call(fields, function (input) {
      if (!input.id) { return; }
      var wrap = document.createElement("div");
      wrap.className = "password-input";
      input.parentNode.insertBefore(wrap, input);
      wrap.appendChild(input);
      var button = document.createElement("button");
      button.type = "button";
      button.className = "button button--secondary password-input__toggle";
      button.setAttribute("aria-controls", input.id);
      var label = document.querySelector('label[for="' + input.id + '"]');
      var name = label ? label.textContent.trim() : "";
      var status = document.createElement("div");
      status.className = "visually-hidden";
      status.setAttribute("aria-live", "polite");
      function show(visible) {
        input.type = visible ? "text" : "password";
        button.textContent = visible ? words.hide : words.show;
        var hidden = document.createElement("span");
        hidden.className = "visually-hidden";
        hidden.textContent = name ? ": " + name : "";
        button.appendChild(hidden);
        button.setAttribute("aria-pressed", visible ? "true" : "false");
        return visible;
      }
      show(false);
      button.addEventListener("click", function () {
        var visible = show(input.type === "password");
        status.textContent = visible ? words.shown : words.hidden;
      });
      wrap.appendChild(button);
      wrap.appendChild(status);
      if (input.form) {
        input.form.addEventListener("submit", function () {
          if (input.type !== "password") { show(false); }
        });
      }
    });
  }

  function organisationField() {
    var form = document.querySelector("[data-invite-form]");
    if (!form) { return; }
    var field = form.querySelector("[data-organisation-field]");
    var radios = form.querySelectorAll('input[name="role"]');
    if (!field || !radios.length) { return; }
    var hoods = form.querySelector("[data-neighbourhoods-field]");
    function update() {
      var none = form.querySelector('input[name="role"][data-no-organisation]:checked');
      field.hidden = Boolean(none);
      if (hoods) {
        hoods.hidden = !form.querySelector('input[name="role"][data-neighbourhoods]:checked');
      }
    }
    Array.prototype.forEach.call(radios, function (radio) {
      radio.addEventListener("change", update);
    });
    update();
  }

  function start() {
    var words = strings();
    if (words) { passwordToggles(words); }
    organisationField();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
}());
