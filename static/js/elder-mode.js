/* The age-friendly mode (长者模式, 适老化): larger text and stronger contrast, switched by the
   header's button and kept for a year in a cookie, which the server also reads to render the
   next page in the same mode from its first paint (gzpartybuild.context_processors). */
(function () {
  "use strict";

  var COOKIE = "elder_mode";
  var CLASS = "elder-mode";
  var root = document.documentElement;
  var buttons = document.querySelectorAll("[data-elder-toggle]");

  function apply(on) {
    root.classList.toggle(CLASS, on);
    Array.prototype.forEach.call(buttons, function (button) {
      button.setAttribute("aria-pressed", on ? "true" : "false");
    });
    var secure = window.location.protocol === "https:" ? "; Secure" : "";
    document.cookie = COOKIE + "=" + (on ? "1" : "0") + "; path=/; max-age=" + (on ? 31536000 : 0) + "; SameSite=Lax" + secure;
  }

  Array.prototype.forEach.call(buttons, function (button) {
    button.addEventListener("click", function () {
      apply(!root.classList.contains(CLASS));
    });
  });
})();
