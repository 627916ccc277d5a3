// The urgent banner's script (loaded by partials/banner.html, so only on pages with a banner).
// It gives each banner item a button that hides that item and remembers, in localStorage, that
// this reader dismissed it: by the item's data-dismiss-key (its link, date, update time and
// level), so a new, updated or raised announcement shows again and the other items stay. Without the
// script, or without storage, nothing changes: every item shows and there is no button.
// Printing shows every item (see style.css). Its words come from the banner's data-* attributes.
(function () {
  "use strict";
  var PREFIX = "safepress-banner-dismissed:";
  var banner = document.querySelector(".urgent-banner[data-dismiss]");
  if (!banner) { return; }
  var store;
  try {
    store = window.localStorage;
    store.getItem(PREFIX);
  } catch (e) {
    return; // storage blocked: a dismissal could not be remembered, so offer none
  }
  var word = banner.getAttribute("data-dismiss");
  var label = banner.getAttribute("data-dismiss-label");
  var items = Array.prototype.slice.call(banner.querySelectorAll("[data-dismiss-key]"));

  function dismissed(item) {
    return store.getItem(PREFIX + item.getAttribute("data-dismiss-key")) !== null;
  }
  // The banner hides only when every item in it was dismissed.
  function update() {
    banner.hidden = items.every(function (item) { return item.hidden; });
  }
  function dismiss(item) {
    try {
      store.setItem(PREFIX + item.getAttribute("data-dismiss-key"), "1");
    } catch (e) { /* full or blocked: hide it for this page only */ }
    var index = items.indexOf(item);
    item.hidden = true;
    update();
    // Keep the keyboard where it was: the next item's button, else the previous, else the page.
    var rest = items.slice(index + 1).concat(items.slice(0, index).reverse());
    var next = rest.filter(function (other) { return !other.hidden; })[0];
    var target = next ? next.querySelector(".urgent-banner__dismiss") : document.getElementById("main");
    if (target) { target.focus(); }
  }

  items.forEach(function (item) {
    if (dismissed(item)) { item.hidden = true; return; }
    var link = item.querySelector(".urgent-banner__link");
    var button = document.createElement("button");
    button.type = "button";
    button.className = "urgent-banner__dismiss";
    button.textContent = word;
    // The visible word first, then what it dismisses (WCAG 2.5.3, label in name).
    button.setAttribute("aria-label", label.split("{title}").join(link ? link.textContent : ""));
    button.addEventListener("click", function () { dismiss(item); });
    // First in the item, floated to its top right, so the text flows around it on a phone.
    item.insertBefore(button, item.firstChild);
    item.classList.add("urgent-banner__item--dismissable");
  });
  update();
})();
