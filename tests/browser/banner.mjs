// The urgent banner's dismiss buttons in headless Chromium at a phone's width (360 px), on a
// built site whose banner holds at least two announcements (the sample site):
//   node banner.mjs <output-folder> <page> <other-page>
// Checks: each item gets a button named after its announcement; dismissing the first hides it
// and moves focus to the next item's button; after a reload and on another page it stays hidden
// while the second item still shows; print media shows the whole banner (the dismissed item
// too) without buttons; without JavaScript every item shows and there is no button; no console
// error or failed request. Prints `ok`; exits non-zero with a reason on failure.
import { normalize } from "node:path";
import { serveStatic, launch, finish } from "./lib.mjs";

const [dir, first, other] = process.argv.slice(2);
if (!dir || !first || !other) {
  console.error("usage: node banner.mjs <output-folder> <page> <other-page>");
  process.exit(2);
}
const server = await serveStatic(normalize(dir), "/");
const base = `http://127.0.0.1:${server.address().port}`;
const browser = await launch();
const problems = [];
const fail = async (why) => {
  console.error("FAIL: " + why);
  if (problems.length) console.error(`also:\n${problems.join("\n")}`);
  await browser.close();
  server.close();
  process.exit(1);
};
const watch = (page) => {
  page.on("console", (m) => { if (m.type() === "error") problems.push(`console: ${m.text()}`); });
  page.on("requestfailed", (r) => problems.push(`request failed: ${r.url()}`));
  page.on("response", (r) => { if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`); });
};

/** Per banner item: its key, whether it shows, its title and its button's accessible name. */
const items = (page) => page.$$eval(".urgent-banner__item", (els) => els.map((el) => {
  const button = el.querySelector("button.urgent-banner__dismiss");
  return {
    key: el.getAttribute("data-dismiss-key"),
    visible: el.getClientRects().length > 0 && getComputedStyle(el).visibility !== "hidden",
    title: el.querySelector(".urgent-banner__link").textContent.trim(),
    button: button && button.getClientRects().length > 0 ? button.getAttribute("aria-label") : null,
  };
}));
const bannerShows = (page) => page.$eval(".urgent-banner", (el) => el.getClientRects().length > 0);

// With JavaScript: dismiss the first item.
const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
const page = await context.newPage();
watch(page);
await page.goto(base + first, { waitUntil: "load" });
let now = await items(page);
if (now.length < 2) await fail(`${first}: the banner needs two items, has ${now.length}`);
const [gone, stays] = now;
for (const item of now) {
  if (!item.visible) await fail(`${first}: "${item.title}" hidden before any dismissal`);
  if (!item.button || !item.button.includes(item.title)) {
    await fail(`${first}: "${item.title}" has no dismiss button named after it (${item.button})`);
  }
}
await page.getByRole("button", { name: gone.button, exact: true }).click();
now = await items(page);
if (now[0].visible) await fail(`${first}: "${gone.title}" still shows after dismissing it`);
if (!now[1].visible || !now[1].button) await fail(`${first}: "${stays.title}" hid with the other`);
const focused = await page.evaluate(() => document.activeElement && document.activeElement.getAttribute("aria-label"));
if (focused !== stays.button) await fail(`focus went to ${focused}, not the next item's button`);

for (const path of [first, other]) {
  await page.goto(base + path, { waitUntil: "load" });
  now = await items(page);
  const byKey = Object.fromEntries(now.map((i) => [i.key, i]));
  if (!byKey[gone.key] || byKey[gone.key].visible) await fail(`${path}: "${gone.title}" shows again`);
  if (!byKey[stays.key] || !byKey[stays.key].visible) await fail(`${path}: "${stays.title}" is gone`);
  if (!(await bannerShows(page))) await fail(`${path}: the banner is hidden`);
}

// Paper shows every urgent item, without buttons.
await page.emulateMedia({ media: "print" });
now = await items(page);
if (!(await bannerShows(page))) await fail("print: the banner is hidden");
if (!now.every((i) => i.visible)) await fail("print: a dismissed item is missing on paper");
if (now.some((i) => i.button)) await fail("print: a dismiss button is printed");
await page.emulateMedia({ media: "screen" });

// Dismissing every item hides the banner; printing still shows it.
for (const item of await items(page)) {
  if (item.visible) await page.getByRole("button", { name: item.button, exact: true }).click();
}
if (await bannerShows(page)) await fail("the banner stays after every item was dismissed");
const to = await page.evaluate(() => document.activeElement && document.activeElement.id);
if (to !== "main") await fail(`after the last dismissal focus went to #${to}, not #main`);
await page.emulateMedia({ media: "print" });
if (!(await bannerShows(page))) await fail("print: the banner is hidden once all were dismissed");
await context.close();

// Without JavaScript: the whole banner, no buttons.
const plain = await browser.newContext({ viewport: { width: 360, height: 740 }, javaScriptEnabled: false });
const noJs = await plain.newPage();
await noJs.goto(base + first, { waitUntil: "load" });
now = await items(noJs);
if (now.length < 2 || !now.every((i) => i.visible)) await fail("no JavaScript: not every item shows");
if ((await noJs.$$(".urgent-banner button")).length) await fail("no JavaScript: a button shows");
await plain.close();

await finish(browser, server, problems);
