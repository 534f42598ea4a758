// Quick exit, enhanced: Shift pressed three times (or the button) blanks the
// page at once and replaces this history entry, so Back does not return here.
// Without JavaScript the button is a plain link to /leave, which does the same
// on the server.
(function () {
  "use strict";
  var link = document.getElementById("quick-exit");
  if (!link) { return; }
  function leave(event) {
    if (event) { event.preventDefault(); }
    var overlay = document.createElement("div");
    overlay.className = "exit-overlay";
    document.body.appendChild(overlay);
    window.location.replace(link.href);
  }
  link.addEventListener("click", leave);
  var presses = [];
  document.addEventListener("keyup", function (event) {
    if (event.key !== "Shift") { presses = []; return; }
    var now = Date.now();
    presses = presses.filter(function (t) { return now - t < 5000; });
    presses.push(now);
    if (presses.length >= 3) { leave(); }
  });
}());
