// Elder mode (larger text, wider lines, stronger contrast): turns the header's no-JS checkbox
// into an aria-pressed button and remembers the choice in localStorage for every page and visit.
// "1" = on, "0" = off (also against prefers-contrast: more), nothing = follow the system.
// The inline script in <head> applies a stored choice before the first paint; this file may run
// after it, so it sets the same classes again (and alone, if a CSP blocks inline scripts).
(function () {
  var KEY = "safepress-elder";
  var root = document.documentElement;
  var box = document.getElementById("elder-switch");
  var label = box && box.closest("label");
  if (!label) return;
  function stored() {
    try { return localStorage.getItem(KEY); } catch (e) { return null; }
  }
  var button = document.createElement("button");
  button.type = "button";
  button.className = label.className;
  button.innerHTML = '<span class="elder-switch__box" aria-hidden="true"></span>';
  button.appendChild(label.querySelector(".elder-switch__text"));
  function show(on) {
    root.classList.toggle("elder", on);
    root.classList.toggle("elder-off", !on);
    button.setAttribute("aria-pressed", String(on));
  }
  function current() {
    var s = stored();
    return s ? s === "1" : box.checked || matchMedia("(prefers-contrast: more)").matches;
  }
  button.addEventListener("click", function () {
    var on = button.getAttribute("aria-pressed") !== "true";
    try { localStorage.setItem(KEY, on ? "1" : "0"); } catch (e) { /* still on for this page */ }
    show(on);
  });
  // Another tab switched: follow it.
  addEventListener("storage", function (e) { if (e.key === KEY) show(current()); });
  show(current());
  label.replaceWith(button);
})();
