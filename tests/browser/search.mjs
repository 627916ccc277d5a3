// Searches the `search` fixture site in headless Chromium at a phone's width (360 px), as a
// resident would: types into the header's search box, submits, and reads the results.
//   node search.mjs serve <base-url> <site-root>   the site runs under `safepress serve`; also
//                                                  edits a lesson and expects an open search
//                                                  page to find the new text
//   node search.mjs static <output-folder> <path>  serves a built output under <path> (a
//                                                  sub-path site, e.g. /safety/) itself
//   node search.mjs sample <output-folder> /       the repository's sample site, built: a
//                                                  resident's searches in both languages
// Checks: no search code loads before a search; the expected lesson comes first, with its
// title, category and an excerpt with the words marked; the result count is announced; no
// horizontal scrolling; no failed request or console error; without JavaScript the page says
// so and links to the lessons. Prints `ok`; exits non-zero with a reason on failure.
import { writeFileSync } from "node:fs";
import { join, normalize } from "node:path";
import { serveStatic, launch } from "./lib.mjs";

const [mode, where, extra] = process.argv.slice(2);
if (!["serve", "static", "sample"].includes(mode) || !where || !extra) {
  console.error("usage: node search.mjs serve <base-url> <site-root> | static <output> <path>");
  process.exit(2);
}

let server = null;
let base = where;
if (mode === "static" || mode === "sample") {
  server = await serveStatic(normalize(where), extra);
  base = `http://127.0.0.1:${server.address().port}${extra}`;
}

const browser = await launch();
const problems = [];
let reloading = false;
const fail = async (why) => {
  console.error("FAIL: " + why);
  if (problems.length) console.error(`also:\n${problems.join("\n")}`);
  await browser.close();
  if (server) server.close();
  process.exit(1);
};

/** A phone-sized page that records requests and problems. */
async function phone(options = {}) {
  const context = await browser.newContext({ viewport: { width: 360, height: 740 }, ...options });
  const page = await context.newPage();
  // What the page now shown loaded (reset on each navigation).
  page.requests = [];
  page.on("framenavigated", (f) => { if (f === page.mainFrame()) page.requests = []; });
  page.on("request", (r) => page.requests.push(r.url()));
  page.on("requestfailed", (r) => {
    // Leaving a page ends the preview's event stream, and a reload by the preview cancels
    // what the page was loading: neither is a failure.
    if (r.url().includes("/__safepress/events")) return;
    if (reloading && r.failure()?.errorText === "net::ERR_ABORTED") return;
    // The browser fetches the icon on its own and drops the request when the page is left
    // before it is done (a missing icon would be an HTTP error, caught below).
    if (new URL(r.url()).pathname.endsWith("/favicon.svg") && r.failure()?.errorText === "net::ERR_ABORTED") return;
    problems.push(`request failed: ${r.url()} (${r.failure()?.errorText})`);
  });
  // While the preview swaps in a new index after an edit, a search already under way may ask
  // for a chunk of the old one, which is gone (its name is its content's hash). The search
  // runs again when the new index is announced; that it then finds the new text is checked.
  // Pagefind reports such a half-swapped search as a failed chunk, a 404 or, when its WebAssembly
  // was asked about the old index, "WASM Error (No pointer)" (seen once under load).
  const swapped = (url) => reloading && new URL(url).pathname.includes("/pagefind/");
  page.on("response", (r) => {
    if (r.status() >= 400 && !(r.status() === 404 && swapped(r.url()))) problems.push(`HTTP ${r.status()}: ${r.url()}`);
  });
  page.on("console", (m) => {
    if (m.type() !== "error") return;
    if (reloading && /Failed to load the index chunk|404 fetching .*\/pagefind\/|Pagefind: WASM Error/.test(m.text())) return;
    problems.push(`console error on ${page.url()}: ${m.text()}`);
  });
  page.on("pageerror", (e) => problems.push(`script error on ${page.url()}: ${e}`));
  return page;
}

async function noSideScroll(page) {
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  if (width > 360) await fail(`${page.url()} scrolls sideways at 360 px (${width} px wide)`);
}

/** Types `query` into the header's search box of the page open, submits, waits for results. */
async function searchFromHeader(page, query, searchPath) {
  const box = page.locator("header form[role=search] input[name=q]");
  if ((await box.count()) !== 1) await fail(`${page.url()}: no search box in the header`);
  const label = await page.locator(`label[for="${await box.getAttribute("id")}"]`).textContent();
  if (!label || !label.trim()) await fail(`${page.url()}: the search box has no label`);
  if (page.requests.some((u) => u.includes("/pagefind/") || u.endsWith("search.js"))) {
    await fail(`${page.url()} loaded search code before a search: ${page.requests.join(", ")}`);
  }
  await box.fill(query);
  await Promise.all([page.waitForURL((u) => u.pathname === searchPath), box.press("Enter")]);
  await page.locator("#search-results .search-result").first()
    .waitFor({ timeout: 15000 }).catch(() => fail(`no results for ${query} at ${page.url()}`));
}

/** The first result: link, title, category, marked words; and the announced count. */
async function firstResult(page) {
  return page.evaluate(() => {
    const li = document.querySelector("#search-results .search-result");
    return {
      href: li.querySelector("h2 a").getAttribute("href"),
      title: li.querySelector("h2 a").textContent,
      category: li.querySelector(".search-result__category")?.textContent || "",
      marks: [...li.querySelectorAll(".search-result__excerpt mark")].map((m) => m.textContent),
      status: document.querySelector("#search-results [role=status]").textContent,
      count: document.querySelectorAll("#search-results .search-result").length,
    };
  });
}

async function expectFirst(page, query, want) {
  const r = await firstResult(page);
  const where = `searching ${query}: ${JSON.stringify(r)}`;
  if (r.href !== want.href) await fail(`the first result is not ${want.href}; ${where}`);
  if (r.title !== want.title) await fail(`the first result's title is not ${want.title}; ${where}`);
  if (want.category !== undefined ? r.category !== want.category : !r.category) {
    await fail(`the first result's category is wrong; ${where}`);
  }
  // Chinese words may be marked a segment at a time (<mark>燃</mark><mark>气</mark>).
  if (!r.marks.join("").toLowerCase().includes(want.mark)) await fail(`no <mark>${want.mark}</mark>; ${where}`);
  if (!r.status.includes(String(r.count)) || !r.status.includes(query)) await fail(`the count is not announced; ${where}`);
  console.log(`${query}: ${r.count} result(s), first ${r.href}`);
}

/** The sample site: the Chinese home page's box finds the extinguisher lesson first, and the
 *  English one finds its English version, as a resident would search. */
async function searchSample() {
  const page = await phone();
  await page.goto(base);
  await searchFromHeader(page, "灭火器", "/search/");
  await expectFirst(page, "灭火器", { href: "/lessons/fire/extinguisher/", title: "灭火器怎么用",
    category: "消防安全", mark: "灭火器" });
  await page.goto(`${base}lessons/`);
  await searchFromHeader(page, "燃气泄漏", "/search/");
  await expectFirst(page, "燃气泄漏", { href: "/lessons/urban-safety/gas-leak/", title: "闻到燃气味怎么办",
    category: "城市生活安全", mark: "燃气" });
  await page.goto(`${base}en/`);
  await searchFromHeader(page, "extinguishers", "/en/search/");
  await expectFirst(page, "extinguishers", { href: "/en/lessons/fire/extinguisher/",
    title: "Using a fire extinguisher", category: "Fire protection", mark: "extinguisher" });
  await noSideScroll(page);
  if (problems.length) await fail(`${problems.length} problem(s)`);
  console.log("ok");
}

try {
  if (mode === "sample") {
    await searchSample();
    await browser.close();
    server.close();
    process.exit(0);
  }
  const root = new URL(base).pathname;
  const page = await phone();
  await page.goto(base);
  await noSideScroll(page);
  await searchFromHeader(page, "灭火器", `${root}search/`);
  await expectFirst(page, "灭火器", { href: `${root}lessons/fire/extinguisher/`, title: "如何使用灭火器",
    category: "火灾防范", mark: "灭火器" });
  await noSideScroll(page);
  if (await page.inputValue("#search-q") !== "灭火器") await fail("the search page's box does not show the query");
  for (const [query, slug, title] of [["燃气泄漏", "urban-safety/gas-leak", "发现燃气泄漏怎么办"],
    ["电动自行车", "fire/e-bike", "电动自行车充电安全"]]) {
    await page.goto(`${base}lessons/`);
    await searchFromHeader(page, query, `${root}search/`);
    await expectFirst(page, query, { href: `${root}lessons/${slug}/`, title, mark: query.slice(0, 2) });
  }

  // English: the search box of an English page searches the English index.
  await page.goto(`${base}en/lessons/fire/extinguisher/`);
  await searchFromHeader(page, "extinguishers", `${root}en/search/`);
  await expectFirst(page, "extinguishers", { href: `${root}en/lessons/fire/extinguisher/`,
    title: "Using a fire extinguisher", mark: "extinguisher" });
  await noSideScroll(page);

  // Nothing found: said plainly, in the page's language.
  await page.goto(`${base}search/?q=${encodeURIComponent("鳄鱼潜水艇")}`);
  await page.waitForFunction(() => document.querySelector("#search-results [role=status]").textContent.includes("没有找到"),
    null, { timeout: 15000 }).catch(() => fail("no 'nothing found' message"));

  // Without JavaScript the page says search needs it and links to the lessons.
  const plain = await phone({ javaScriptEnabled: false });
  await plain.goto(`${base}search/?q=${encodeURIComponent("灭火器")}`);
  const noscript = await plain.locator(".search-notice").filter({ hasText: "JavaScript" });
  if (!(await noscript.isVisible())) await fail("without JavaScript, no message");
  const lessons = await noscript.locator("a").getAttribute("href");
  if (lessons !== `${root}lessons/`) await fail(`the no-JavaScript link goes to ${lessons}`);
  await plain.context().close();

  if (mode === "serve") {
    // Watch mode: an open search page finds text saved after it opened.
    const word = "保温杯";
    await page.goto(`${base}search/?q=${encodeURIComponent(word)}`);
    await page.waitForFunction(() => document.querySelector("#search-results [role=status]").textContent.includes("没有找到"),
      null, { timeout: 15000 }).catch(() => fail(`${word} found before it was written`));
    await page.waitForFunction(() => document.documentElement.dataset.safepressLive === "connected",
      null, { timeout: 10000 });
    reloading = true;
    writeFileSync(join(extra, "content/lessons/fire/e-bike.md"),
      `---\ntitle: "电动自行车充电安全"\ndate: 2026-05-01\n---\n充电时不要把${word}放在电池旁边。\n`);
    await page.waitForFunction(() => document.querySelectorAll("#search-results .search-result").length > 0,
      null, { timeout: 20000 }).catch(() => fail("the open search page did not find the new text"));
    await expectFirst(page, word, { href: `${root}lessons/fire/e-bike/`, title: "电动自行车充电安全",
      category: "火灾防范", mark: word });
  }

  if (problems.length) await fail(`${problems.length} problem(s)`);
  console.log("ok");
} catch (e) {
  await fail(String(e));
}
await browser.close();
if (server) server.close();
