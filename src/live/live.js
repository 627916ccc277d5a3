// safepress preview: reload after each rebuild, show build errors over the page.
// Injected by `safepress serve` only; never part of the built site.
(function () {
  "use strict";
  var base = "/__safepress";
  var overlay = null;
  // The build this page was served from; the server stamps it on this script's tag.
  var script = document.currentScript;
  var generation = script ? script.getAttribute("data-generation") : null;
  // The overlay's words, in the language of safepress's messages; English without them.
  function words(name, fallback) {
    return (script && script.getAttribute("data-" + name)) || fallback;
  }
  var label = words("label", "Build error");
  var heading = words("heading", "The site could not be rebuilt");
  var hint = words("hint", "Fix the problem below and save: this page reloads by itself. The preview shows the last good build.");
  function show(text) {
    if (!overlay) {
      overlay = document.createElement("div");
      overlay.id = "safepress-error-overlay";
      overlay.setAttribute("role", "alertdialog");
      overlay.setAttribute("aria-label", label);
      overlay.style.cssText = "position:fixed;inset:0;z-index:2147483647;overflow:auto;" +
        "background:rgba(20,20,20,.94);color:#fff;padding:2rem;font:16px/1.5 system-ui,sans-serif";
      document.body.appendChild(overlay);
    }
    overlay.innerHTML = "";
    var h = document.createElement("h2");
    h.textContent = heading;
    h.style.cssText = "margin:0 0 1rem;color:#ffb4b4";
    var p = document.createElement("p");
    p.textContent = hint;
    var pre = document.createElement("pre");
    pre.textContent = text;
    pre.style.cssText = "white-space:pre-wrap;font:15px/1.5 ui-monospace,monospace;background:#000;padding:1rem;border-left:4px solid #ff6b6b";
    overlay.appendChild(h);
    overlay.appendChild(p);
    overlay.appendChild(pre);
  }
  function hide() {
    if (overlay) { overlay.remove(); overlay = null; }
  }
  fetch(base + "/status").then(function (r) { return r.text(); }).then(function (t) {
    if (t) { show(t); }
  }).catch(function () {});
  if (!window.EventSource) { return; }
  var events = new EventSource(base + "/events");
  // Lets tools (and the browser test) see that live reload is connected.
  events.addEventListener("open", function () { document.documentElement.dataset.safepressLive = "connected"; });
  // Sent first on each connection: notices sent before it opened are not lost.
  events.addEventListener("state", function (e) {
    var cut = e.data.indexOf("\n");
    var built = cut < 0 ? e.data : e.data.slice(0, cut);
    var error = cut < 0 ? "" : e.data.slice(cut + 1);
    if (generation !== null && built !== generation) { location.reload(); return; }
    if (error) { show(error); } else { hide(); }
  });
  events.addEventListener("reload", function () { hide(); location.reload(); });
  events.addEventListener("build-error", function (e) { show(e.data); });
  // The search index was refreshed after a rebuild: a page that read it searches again.
  events.addEventListener("search-index", function () {
    var searched = performance.getEntriesByType("resource").some(function (r) {
      return r.name.indexOf("/pagefind/") >= 0;
    });
    if (searched) { location.reload(); }
  });
})();
