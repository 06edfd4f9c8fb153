/* The secretary's activity form: one submission per page, pairings of the chosen
   organizer only, the organizer not offered as co-organizer, a caption field per
   chosen photo. The server checks all of it again; this only helps on the page. */
(function () {
  "use strict";

  function each(list, callback) {
    Array.prototype.forEach.call(list, callback);
  }

  function setUp(form) {
    form.addEventListener("submit", function (event) {
      if (form.dataset.submitting === "1") {
        event.preventDefault();
        return;
      }
      form.dataset.submitting = "1";
    });

    var organizer = form.querySelector("select[name=organizer]");
    var pairing = form.querySelector("select[name=pairing]");

    function followOrganizer() {
      var chosen = organizer ? organizer.value : "";
      if (pairing) {
        each(pairing.options, function (option) {
          var owner = option.getAttribute("data-organizer");
          var hide = owner !== null && chosen !== "" && owner !== chosen;
          option.hidden = hide;
          option.disabled = hide;
          if (hide && option.selected) {
            pairing.value = "";
          }
        });
      }
      each(form.querySelectorAll("input[type=checkbox][name=co_organizers]"), function (box) {
        var isOrganizer = chosen !== "" && box.value === chosen;
        box.disabled = isOrganizer;
        if (isOrganizer) {
          box.checked = false;
        }
      });
    }
    if (organizer) {
      organizer.addEventListener("change", followOrganizer);
      followOrganizer();
    }

    var input = form.querySelector("input[type=file][name=new_photos]");
    var box = form.querySelector("[data-new-photo-captions]");
    if (input && box) {
      input.addEventListener("change", function () {
        box.replaceChildren();
        each(input.files, function (file, index) {
          var id = "new-photo-caption-" + index;
          var wrap = document.createElement("div");
          wrap.className = "mb-2";
          var label = document.createElement("label");
          label.className = "form-label";
          label.htmlFor = id;
          label.textContent = "照片“" + file.name + "”的说明";
          var field = document.createElement("input");
          field.type = "text";
          field.name = box.dataset.captionName;
          field.id = id;
          field.maxLength = parseInt(box.dataset.captionMax, 10);
          field.className = "form-control";
          wrap.append(label, field);
          box.append(wrap);
        });
      });
    }
  }

  each(document.querySelectorAll("form[data-activity-form]"), setUp);
})();
