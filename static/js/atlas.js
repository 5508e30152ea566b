// Small improvements on pages that work without JavaScript:
// a copy button for citations, filters that apply as soon as they change, URLs without empty filters,
// and a folded filter panel on narrow screens.
(function () {
  "use strict";

  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    // Fallback for plain-HTTP pages, where the Clipboard API is not offered.
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "absolute";
    area.style.left = "-9999px";
    document.body.appendChild(area);
    area.select();
    var ok = document.execCommand("copy");
    document.body.removeChild(area);
    return ok ? Promise.resolve() : Promise.reject(new Error("copy failed"));
  }

  function setUpCopyButtons() {
    document.querySelectorAll("[data-copy]").forEach(function (button) {
      button.hidden = false;
      var label = button.textContent;
      button.addEventListener("click", function () {
        copyText(button.getAttribute("data-copy")).then(function () {
          button.textContent = button.getAttribute("data-copied") || label;
          setTimeout(function () { button.textContent = label; }, 2000);
        });
      });
    });
  }

  // A filter left empty stays out of the URL, so that the URL reads as the filters set.
  // Disabled fields are not submitted; they are enabled again when the page is shown from
  // the back-forward cache, where the browser would otherwise keep them disabled.
  function dropEmptyFields(form) {
    Array.prototype.forEach.call(form.elements, function (field) {
      if (field.name && !field.disabled && field.value.trim() === "" &&
          (field.type !== "radio" && field.type !== "checkbox" || field.checked)) {
        field.disabled = true;
        field.setAttribute("data-emptied", "");
      }
    });
  }

  function isEmpty(form) {
    return new FormData(form).keys().next().done;
  }

  // A form with nothing left to send goes to its plain address, not to "address?".
  function submitClean(form) {
    dropEmptyFields(form);
    if (isEmpty(form)) window.location.assign(form.action);
    else form.submit();
  }

  function setUpCleanUrls() {
    document.querySelectorAll("form[method=get]").forEach(function (form) {
      form.addEventListener("submit", function (event) {
        dropEmptyFields(form);
        if (isEmpty(form)) {
          event.preventDefault();
          window.location.assign(form.action);
        }
      });
    });
    window.addEventListener("pageshow", function () {
      document.querySelectorAll("[data-emptied]").forEach(function (field) {
        field.disabled = false;
        field.removeAttribute("data-emptied");
      });
    });
  }

  function setUpAutoSubmit() {
    document.querySelectorAll("form[data-auto-submit]").forEach(function (form) {
      form.addEventListener("change", function (event) {
        // Number fields wait for an explicit submit: a half-typed year is not a filter.
        if (event.target.type === "number") return;
        // form.submit() fires no submit event.
        submitClean(form);
      });
      form.querySelectorAll("[data-without-js]").forEach(function (el) { el.hidden = true; });
    });
  }

  function foldFiltersOnPhones() {
    var panel = document.querySelector("details.filters");
    if (panel && window.matchMedia("(max-width: 60rem)").matches && !panel.hasAttribute("data-keep-open")) {
      panel.open = false;
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    setUpCopyButtons();
    setUpCleanUrls();
    setUpAutoSubmit();
    foldFiltersOnPhones();
  });
})();
