/* Project script: small progressive enhancements, no inline scripts, no CDN. */
(function () {
  "use strict";

  // After a refused form submission, start keyboard and screen-reader users at the
  // list of errors (WCAG 3.3.1); each entry links to its field.
  var summary = document.getElementById("error-summary");
  if (summary) {
    summary.focus();
    // A form sent from a page reached by the skip link posts to ".../#main", and the
    // browser then focuses #main once the page has loaded: take the focus back.
    window.addEventListener("load", function () {
      window.setTimeout(function () {
        if (document.activeElement === document.body || document.activeElement.id === "main") {
          summary.focus();
        }
      }, 0);
    });
    summary.addEventListener("click", function (event) {
      var link = event.target.closest("a[href^='#']");
      if (!link) {
        return;
      }
      var field = document.getElementById(link.getAttribute("href").slice(1));
      if (field) {
        // Browsers scroll to the fragment but do not always move focus into the field.
        event.preventDefault();
        field.focus();
        field.scrollIntoView({ block: "center" });
      }
    });
  }
  // Institution boxes: suggestions from the server while the user types (the
  // page itself lists none, however many institutions there are).
  document.querySelectorAll("input[data-options-url][list]").forEach(function (input) {
    var list = document.getElementById(input.getAttribute("list"));
    var timer = null;
    if (!list) return;
    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(function () {
        if (input.value.trim().length < 2) return;
        var url = input.dataset.optionsUrl + "?q=" + encodeURIComponent(input.value.trim());
        fetch(url, { credentials: "same-origin" })
          .then(function (response) { return response.ok ? response.json() : { names: [] }; })
          .then(function (data) {
            list.replaceChildren.apply(list, data.names.map(function (name) {
              var option = document.createElement("option");
              option.value = name;
              return option;
            }));
          });
      }, 200);
    });
  });
})();

(function () {
  "use strict";

  // A form that is being sent cannot be sent again: its buttons are disabled until
  // the answer arrives (the server also refuses a repeat, see core/idempotency.py).
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || (form.method || "").toLowerCase() !== "post") {
      return;
    }
    if (form.dataset.submitting === "1") {
      event.preventDefault();
      return;
    }
    form.dataset.submitting = "1";
    form.setAttribute("aria-busy", "true");
    // Disabled after the browser has collected the form's data, so the pressed
    // button's name and value are still sent.
    window.setTimeout(function () {
      form.querySelectorAll("button[type='submit'], button:not([type]), input[type='submit']").forEach(
        function (button) {
          button.disabled = true;
        }
      );
    }, 0);
  });

  // Coming back with the browser's Back button shows the page as it was left: usable again.
  window.addEventListener("pageshow", function (event) {
    if (!event.persisted) {
      return;
    }
    document.querySelectorAll("form[data-submitting='1']").forEach(function (form) {
      delete form.dataset.submitting;
      form.removeAttribute("aria-busy");
      form.querySelectorAll("button[disabled], input[type='submit'][disabled]").forEach(function (button) {
        button.disabled = false;
      });
    });
  });
})();
