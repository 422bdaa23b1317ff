/* Site-wide behaviour. Loaded with `defer`; the CSP forbids inline scripts, so everything lives here. */
(function () {
  "use strict";

  // Collapse the main navigation behind a toggle on narrow screens. Without JS the menu simply stays open.
  function setUpNavToggle() {
    var toggle = document.querySelector(".nav-toggle");
    var nav = document.getElementById("site-nav");
    if (!toggle || !nav) return;
    toggle.hidden = false;
    document.documentElement.classList.add("js-nav");
    toggle.addEventListener("click", function () {
      var open = toggle.getAttribute("aria-expanded") === "true";
      toggle.setAttribute("aria-expanded", String(!open));
      nav.classList.toggle("is-open", !open);
    });
  }

  // Irreversible actions are confirmed on a page of their own (core/confirm.py), with or without JS.

  // <select data-autosubmit> submits its form when changed (filters); the submit button stays for no-JS use.
  function setUpAutosubmit() {
    document.addEventListener("change", function (event) {
      var el = event.target;
      if (el.matches && el.matches("[data-autosubmit]") && el.form) el.form.requestSubmit();
    });
  }

  // A table wider than its frame scrolls inside it; the frame then takes keyboard focus, so that the arrow keys
  // scroll it too. Frames that fit are left out of the tab order. Without JS, touch and the scrollbar still work.
  // Frames are looked up on every pass, so that tables an htmx swap brings in (a task's history) are marked too.
  function setUpScrollingTables() {
    function mark() {
      var frames = document.querySelectorAll(".table-wrap");
      Array.prototype.forEach.call(frames, function (frame) {
        if (frame.hasAttribute("tabindex") && !frame.hasAttribute("data-scroll-marked")) return;  // the template's own
        var scrolls = frame.scrollWidth > frame.clientWidth + 1;
        if (scrolls && !frame.hasAttribute("tabindex")) {
          frame.setAttribute("tabindex", "0");
          frame.setAttribute("data-scroll-marked", "");
          var caption = frame.querySelector("caption");
          if (caption && caption.textContent.trim()) {
            frame.setAttribute("role", "region");
            frame.setAttribute("aria-label", caption.textContent.trim());
          }
        } else if (!scrolls && frame.hasAttribute("data-scroll-marked")) {
          frame.removeAttribute("tabindex");
          frame.removeAttribute("data-scroll-marked");
          frame.removeAttribute("role");
          frame.removeAttribute("aria-label");
        }
      });
    }
    mark();
    var pending = null;
    window.addEventListener("resize", function () {
      window.clearTimeout(pending);
      pending = window.setTimeout(mark, 150);
    });
    document.body.addEventListener("htmx:afterSettle", mark);
  }

  function ready(fn) {
    if (document.readyState !== "loading") fn();
    else document.addEventListener("DOMContentLoaded", fn);
  }

  ready(function () {
    setUpNavToggle();
    setUpAutosubmit();
    setUpScrollingTables();
  });
})();
