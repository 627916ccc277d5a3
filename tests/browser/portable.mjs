// Opens a `safepress build --portable` output from disk (file://) in headless Chromium and
// walks it by clicking, as someone with a copy on a USB stick would: home → lessons → a
// category → a lesson → home (header) → topics → a topic → announcements → an announcement →
// a search from the header (which says search needs a web server) → lessons.
// On every page the stylesheet must apply, no request may fail, no error may reach the
// console, and every same-site link (`a[href]`, `link[href]`, `[src]`) must name an existing
// file inside the output folder.
// Another walk may be given as JSON: a list of [selector, what] or [selector, what, id] steps,
// `id` being the element the followed link must target (`#…`).
// Usage: node portable.mjs <output-folder> [walk]. Prints `ok`; exits non-zero with a reason
// on failure.
import { chromium } from "playwright-core";
import { statSync } from "node:fs";
import { resolve, sep } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const [out, walkJson] = process.argv.slice(2);
if (!out) {
  console.error("usage: node portable.mjs <output-folder> [walk]");
  process.exit(2);
}
// The walk through the `basic` fixture.
const BASIC_WALK = [
  ['.site-nav a[href$="lessons/index.html"]', "the lessons index"],
  ['main a[href$="lessons/fire/index.html"]', "a category"],
  ['main a[href$="lessons/fire/extinguisher/index.html"]', "a lesson"],
  ["header a.site-brand", "home (header)"],
  ['.site-nav a[href$="tags/index.html"]', "the tags index"],
  ['main a[href$="tags/home/index.html"]', "a tag"],
  ['.site-nav a[href$="announcements/index.html"]', "the announcements"],
  ['main a[href$="announcements/gas-warning/index.html"]', "an announcement"],
];
const walk = walkJson ? JSON.parse(walkJson) : BASIC_WALK;
const root = resolve(out);

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--no-first-run"],
});
const problems = [];
const visited = [];
const fail = async (why) => {
  console.error("FAIL: " + why);
  if (problems.length) console.error(`also, so far:\n${problems.join("\n")}`);
  await browser.close();
  process.exit(1);
};

/** Where `url` points on disk, or why it does not point at a file of the output. */
function fileOf(url) {
  const u = new URL(url);
  if (u.protocol !== "file:") return { why: `leaves the disk (${u.protocol})` };
  const path = fileURLToPath(u);
  if (path !== root && !path.startsWith(root + sep)) return { why: "leaves the output folder" };
  let stat;
  try { stat = statSync(path); } catch { return { why: "no such file" }; }
  if (!stat.isFile()) return { why: "is a folder, not a file" };
  return { path };
}

/** Checks the page now open: stylesheet applied, same-site links name existing files. */
async function checkPage(page) {
  const here = page.url();
  visited.push(here.slice(pathToFileURL(root).href.length + 1));
  // The theme makes <body> a flex column; the browser default is `block`.
  const display = await page.evaluate(() => getComputedStyle(document.body).display);
  if (display !== "flex") problems.push(`${here}: stylesheet not applied (body display: ${display})`);
  const links = await page.evaluate(() =>
    [...document.querySelectorAll("a[href], link[href], [src]")].map((el) =>
      el.getAttribute(el.hasAttribute("href") ? "href" : "src")));
  if (links.length < 10) problems.push(`${here}: only ${links.length} links`);
  for (const link of links) {
    if (/^(https?|mailto|tel):/i.test(link) || link.startsWith("#")) continue;
    const target = fileOf(new URL(link, here).href);
    if (target.why) problems.push(`${here}: link ${link} ${target.why}`);
  }
}

/** Clicks the first visible element matching `selector` and waits for the page it links. */
async function follow(page, selector, what) {
  const link = page.locator(selector).first();
  if ((await link.count()) === 0) await fail(`${page.url()}: no link to ${what} (${selector})`);
  const href = await link.getAttribute("href");
  const expected = new URL(href, page.url()).href;
  if (!expected.startsWith("file:") || !expected.split("#")[0].endsWith("/index.html")) {
    await fail(`${page.url()}: the link to ${what} is ${href}, not a relative …/index.html`);
  }
  await Promise.all([page.waitForURL(expected, { timeout: 10000 }), link.click()])
    .catch((e) => fail(`${page.url()}: clicking ${what} (${href}) did not open ${expected}: ${e}`));
  await page.waitForLoadState("load");
  await checkPage(page);
}

try {
  const page = await browser.newPage();
  page.on("requestfailed", (r) => problems.push(`request failed: ${r.url()} (${r.failure()?.errorText})`));
  page.on("response", (r) => { if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`); });
  page.on("console", (m) => { if (m.type() === "error") problems.push(`console error on ${page.url()}: ${m.text()}`); });
  page.on("pageerror", (e) => problems.push(`script error on ${page.url()}: ${e}`));

  const home = pathToFileURL(resolve(root, "index.html")).href;
  await page.goto(home);
  await checkPage(page);
  for (const [selector, what, id] of walk) {
    await follow(page, selector, what);
    if (selector === "header a.site-brand" && page.url() !== home) {
      await fail(`the header's home link opened ${page.url()}, not ${home}`);
    }
    if (id !== undefined) {
      const target = await page.evaluate(() => document.querySelector(":target")?.id);
      if (target !== id) await fail(`${page.url()}: the link to ${what} targets ${target}, not ${id}`);
    }
  }

  // Chromium loads no module script from disk (CORS), so search cannot work here: the header
  // box still opens the search page, which says so plainly and links to the lessons.
  const box = page.locator("header form[role=search] input[name=q]");
  await box.fill("extinguisher");
  await Promise.all([page.waitForURL(/\/search\/index\.html\?q=extinguisher$/, { timeout: 10000 }), box.press("Enter")])
    .catch((e) => fail(`the header's search box did not open the search page from disk: ${e}`));
  await page.waitForLoadState("load");
  await checkPage(page);
  const offline = page.locator("#search-offline");
  if (!(await offline.isVisible())) await fail("the search page opened from disk does not say that search cannot work there");
  await follow(page, '#search-offline a[href$="lessons/index.html"]', "the lessons, from the search page");

  if (problems.length) await fail(`${problems.length} problem(s) on ${visited.length} pages`);
  console.log("visited: " + visited.join(", "));
  console.log("ok");
} catch (e) {
  await fail(String(e));
}
await browser.close();
