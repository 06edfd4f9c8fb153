// The staff import page while the server works: once a form marked data-import-progress is
// sent, its status panel shows what is being done, a moving bar and the seconds gone, and
// (for a large file) that it may take a minute or two; the buttons are disabled so that the
// file is not sent twice. The next page (the preview, or the list after an import) replaces it.
document.addEventListener("DOMContentLoaded", function () {
  var panel = document.getElementById("import-working");
  if (!panel) {
    return;
  }
  var title = panel.querySelector("[data-working-title]");
  var seconds = panel.querySelector("[data-working-seconds]");
  var large = panel.querySelector("[data-working-large]");
  var largeBytes = parseInt(panel.getAttribute("data-large-bytes"), 10) || 0;

  function megabytes(bytes) {
    return (bytes / 1048576).toFixed(1) + " MB";
  }

  document.querySelectorAll("form[data-import-progress]").forEach(function (form) {
    form.addEventListener("submit", function () {
      var message = form.getAttribute("data-import-progress");
      var input = form.querySelector("input[type=file]");
      var file = input && input.files && input.files[0];
      if (input && !file) {
        return; // nothing chosen: the server says so at once
      }
      var isLarge = form.hasAttribute("data-import-large");
      if (file) {
        message = message.replace("{name}", file.name) + "（" + megabytes(file.size) + "）";
        isLarge = largeBytes > 0 && file.size >= largeBytes;
      }
      title.textContent = message;
      large.hidden = !isLarge;
      panel.hidden = false;
      panel.scrollIntoView({ block: "nearest" });
      var started = Date.now();
      window.setInterval(function () {
        seconds.textContent = String(Math.floor((Date.now() - started) / 1000));
      }, 1000);
      // After this event the form is sent; disabled buttons keep a second click from sending it again.
      window.setTimeout(function () {
        document.querySelectorAll("form[data-import-progress] [type=submit]").forEach(function (button) {
          button.disabled = true;
        });
      }, 0);
    });
  });
});
