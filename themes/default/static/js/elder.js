// Elder mode: makes the header's no-JS checkbox an aria-pressed button and stores the choice
// (localStorage "safepress-elder": "1" on, "0" off, none: follow prefers-contrast). See docs/THEME.md.
(function () {
  var key = "safepress-elder", root = document.documentElement;
  var box = document.getElementById("elder-switch"), label = box && box.parentNode;
  if (!label) return;
  var button = document.createElement("button");
  button.type = "button";
  button.className = label.className;
  button.innerHTML = '<span class="elder-switch__box" aria-hidden="true"></span>';
  button.appendChild(label.lastElementChild);
  function show(on) {
    root.classList.toggle("elder", on);
    root.classList.toggle("elder-off", !on);
    button.setAttribute("aria-pressed", on);
  }
  function load() {
    var s = null;
    try { s = localStorage.getItem(key); } catch (e) {}
    show(s ? s == "1" : box.checked || matchMedia("(prefers-contrast: more)").matches);
  }
  button.onclick = function () {
    var on = button.getAttribute("aria-pressed") != "true";
    try { localStorage.setItem(key, on ? "1" : "0"); } catch (e) {}
    show(on);
  };
  addEventListener("storage", function (e) { if (e.key == key) load(); });
  load();
  label.parentNode.replaceChild(button, label);
})();
