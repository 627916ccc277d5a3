// The search page's script (loaded by search.html only). It reads ?q=, loads the site's
// search index (pagefind's script, under pagefind/) only when there is a query, and lists the
// results: title (a link), category and an excerpt with the words found marked. Its words
// come from the page's data-* attributes, so every language uses the theme's i18n files.
(function () {
  "use strict";
  var PER_PAGE = 10;
  var box = document.getElementById("search-results");
  var input = document.getElementById("search-q");
  if (!box || !input) { return; }
  var status = box.querySelector(".search-results__status");
  var list = box.querySelector(".search-results__list");
  var more = box.querySelector(".search-results__more");
  var raw = new URLSearchParams(location.search).get("q");
  var query = (raw || "").trim();
  input.value = query;

  function say(key, n) {
    // {n} first: a query may itself contain "{n}".
    status.textContent = box.getAttribute("data-" + key)
      .split("{n}").join(String(n)).split("{q}").join(query);
  }
  // A query of only spaces finds nothing: say so rather than show a blank page.
  if (!query) { if (raw !== null) { say("none", 0); } return; }
  function notice(id) {
    status.textContent = "";
    document.getElementById(id).hidden = false;
  }
  // Pagefind's excerpt is HTML with <mark> around the words found: keep only its text and
  // its marks, parsed in an inert template so nothing in it runs or loads.
  function excerpt(html) {
    var p = document.createElement("p");
    p.className = "search-result__excerpt";
    var t = document.createElement("template");
    t.innerHTML = html;
    var last = null;
    t.content.childNodes.forEach(function (node) {
      if (node.nodeName === "MARK") {
        // Chinese comes back a character a mark (<mark>电</mark><mark>动</mark>): one mark
        // for the run reads and is announced as the word it is.
        if (last && last === p.lastChild) { last.textContent += node.textContent; return; }
        last = document.createElement("mark");
        last.textContent = node.textContent;
        p.appendChild(last);
      } else {
        p.appendChild(document.createTextNode(node.textContent));
      }
    });
    return p;
  }
  function item(data) {
    var li = document.createElement("li");
    li.className = "search-result";
    var h = document.createElement("h2");
    h.className = "search-result__title";
    var a = document.createElement("a");
    a.href = data.url;
    a.textContent = (data.meta && data.meta.title) || data.url;
    h.appendChild(a);
    li.appendChild(h);
    if (data.meta && data.meta.category) {
      var c = document.createElement("p");
      c.className = "search-result__category";
      c.textContent = data.meta.category;
      li.appendChild(c);
    }
    li.appendChild(excerpt(data.excerpt || ""));
    return li;
  }
  function show(results, from) {
    var batch = results.slice(from, from + PER_PAGE);
    return Promise.all(batch.map(function (r) { return r.data(); })).then(function (all) {
      all.forEach(function (data) { list.appendChild(item(data)); });
      var shown = from + batch.length;
      more.hidden = shown >= results.length;
      more.onclick = function () {
        more.hidden = true;
        show(results, shown).then(function () {
          // Move on to the first new result, so keyboard and screen-reader users continue there.
          var next = list.children[shown] && list.children[shown].querySelector("a");
          if (next) { next.focus(); }
        }).catch(function () { notice("search-failed"); });
      };
    });
  }

  // Browsers do not load scripts as modules from files on disk (a portable copy): say so
  // rather than fail silently.
  if (location.protocol === "file:") { notice("search-offline"); return; }
  say("searching", 0);
  import(box.getAttribute("data-bundle")).then(function (pagefind) {
    // Result links already hold the site's base path.
    return pagefind.options({ baseUrl: "/", excerptLength: 30 }).then(function () {
      return pagefind.search(query);
    });
  }).then(function (search) {
    var results = search.results;
    if (!results.length) { say("none", 0); return; }
    return show(results, 0).then(function () {
      say(results.length === 1 ? "count-one" : "count-other", results.length);
    });
  }).catch(function (e) {
    notice("search-failed");
    if (window.console) { console.warn("search:", e); }
  });
})();
