"use strict";
// Django admin's search-as-you-type pickers (select2) leave their combobox and search box
// without a name for screen readers; give them the name of their field's label.
(function () {
  function fieldName(select) {
    const label = document.querySelector('label[for="' + select.id + '"]');
    return label ? label.textContent.replace(/[:：]\s*$/, "").trim() : "";
  }

  function name(select) {
    const text = fieldName(select);
    const container = select.nextElementSibling;
    if (!text || !container || !container.classList.contains("select2")) return;
    container.querySelectorAll(".select2-selection, .select2-selection__rendered, .select2-search__field").forEach(function (element) {
      element.setAttribute("aria-label", element.classList.contains("select2-search__field") ? "搜索" + text : text);
    });
  }

  window.addEventListener("load", function () {
    document.querySelectorAll("select.admin-autocomplete").forEach(function (select) {
      name(select);
      if (window.django && window.django.jQuery) {
        // select2 draws the search box again after every choice.
        window.django.jQuery(select).on("change select2:select select2:unselect", function () {
          name(select);
        });
      }
    });
  });
})();
