/* The co-organizer picker of the secretary's activity form: the party organizations whose
   name contains what the secretary types, found as they type (GET /my/co-organizers/?q=),
   each a checkbox to tick. Without this script the "查找" button sends a GET form of its
   own and the page comes back with the matches; the server checks every choice again. */
(function () {
  "use strict";

  var DELAY = 250;

  function setUp(picker) {
    var url = picker.dataset.searchUrl;
    var name = picker.dataset.name;
    var baseId = picker.dataset.baseId;
    var chosen = picker.querySelector("[data-picker-chosen]");
    var results = picker.querySelector("[data-picker-results]");
    var none = picker.querySelector("[data-picker-none]");
    var box = picker.querySelector("input[type=search]");
    var status = document.getElementById(baseId + "_status");
    var searchForm = box.form;
    var activityForm = picker.closest("form");
    var organizer = activityForm ? activityForm.querySelector("select[name=organizer]") : null;
    var timer = null;
    var latest = 0;

    function chosenIds() {
      var ids = {};
      Array.prototype.forEach.call(chosen.querySelectorAll("input[type=checkbox]"), function (input) {
        ids[input.value] = true;
      });
      return ids;
    }

    function item(id, label, checked) {
      var li = document.createElement("li");
      li.className = "form-check";
      var input = document.createElement("input");
      input.type = "checkbox";
      input.className = "form-check-input";
      input.name = name;
      input.value = String(id);
      input.id = baseId + "_" + id;
      input.checked = checked;
      var text = document.createElement("label");
      text.className = "form-check-label";
      text.htmlFor = input.id;
      text.textContent = label;
      li.append(input, text);
      return li;
    }

    function showNone() {
      if (none) {
        none.hidden = chosen.querySelector("input[type=checkbox]") !== null;
      }
    }

    function render(query, rows) {
      var taken = chosenIds();
      var own = organizer ? organizer.value : "";
      results.replaceChildren();
      var shown = 0;
      rows.forEach(function (row) {
        if (taken[String(row.id)] || String(row.id) === own) {
          return;
        }
        results.append(item(row.id, row.name, false));
        shown += 1;
      });
      status.textContent = shown
        ? "找到 " + shown + " 个名称含“" + query + "”的党组织，勾选即可添加。"
        : "没有找到名称含“" + query + "”的党组织。";
    }

    function search() {
      var query = box.value.trim();
      var ticket = ++latest;
      if (!query) {
        results.replaceChildren();
        status.textContent = "";
        return;
      }
      fetch(url + "?q=" + encodeURIComponent(query), {
        credentials: "same-origin",
        headers: { Accept: "application/json" },
      })
        .then(function (response) {
          return response.ok ? response.json() : Promise.reject(response.status);
        })
        .then(function (data) {
          if (ticket === latest) {
            render(query, data.results || []);
          }
        })
        .catch(function () {
          if (ticket === latest) {
            status.textContent = "查找失败，请稍后再试。";
          }
        });
    }

    box.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(search, DELAY);
    });
    // Enter or the button searches at once, on this page: the activity form keeps what was typed.
    if (searchForm) {
      searchForm.addEventListener("submit", function (event) {
        event.preventDefault();
        window.clearTimeout(timer);
        search();
      });
    }

    // Ticking a match adds it to the chosen ones; unticking a chosen one takes it away.
    results.addEventListener("change", function (event) {
      var input = event.target;
      if (input.checked) {
        chosen.append(input.closest("li"));
        status.textContent = "已添加：" + input.labels[0].textContent;
        showNone();
        input.focus();
      }
    });
    chosen.addEventListener("change", function (event) {
      var input = event.target;
      if (!input.checked) {
        var label = input.labels[0].textContent;
        input.closest("li").remove();
        status.textContent = "已移除：" + label;
        showNone();
        box.focus();
      }
    });
  }

  Array.prototype.forEach.call(document.querySelectorAll("[data-co-organizer-picker]"), setUp);
})();
