// Elder mode and reflow in headless Chromium, on a built sample site.
//   node elder.mjs <output-folder>
// 1. With JavaScript: the header's switch is an aria-pressed button; pressed, the text is at least
//    1.25 times larger with line spacing of at least 1.6 and darker grey text; the choice holds
//    after a reload and on a page in the other language (localStorage), is applied by the inline
//    script alone (elder.js blocked), and the switch turns it off again.
// 2. Without JavaScript: the switch is a checkbox, and checking it applies the same styles.
// 3. prefers-contrast: more applies them with no click, with and without JavaScript; with
//    JavaScript the pressed button turns them off.
// 4. Every HTML page, at 200 % zoom on a 320 px wide screen, normal and elder mode: no page is
//    wider than the screen. Zoom in Chromium divides the CSS pixels of the screen by the zoom
//    factor and multiplies the device pixel ratio by it, so 200 % on 320 px is a 160 CSS px
//    viewport at deviceScaleFactor 2: the same width for media queries and layout.
// Prints `ok`; exits non-zero listing every failure.
import { readdirSync, statSync } from "node:fs";
import { join, normalize, relative, sep } from "node:path";
import { serveStatic, launch, finish } from "./lib.mjs";

const [dirArg] = process.argv.slice(2);
if (!dirArg) {
  console.error("usage: node elder.mjs <output-folder>");
  process.exit(2);
}
const dir = normalize(dirArg);
const server = await serveStatic(dir, "/");
const base = `http://127.0.0.1:${server.address().port}`;
const browser = await launch();
const problems = [];
const check = (ok, what) => { if (!ok) problems.push(what); };

const ZH = "/lessons/fire/extinguisher/";
const EN = "/en/lessons/fire/extinguisher/";
const NAMES = { zh: "大字模式", en: "Larger text" };

/** Font size, line height (px) and colours of the first prose paragraph and the page's meta line. */
function measure(page) {
  return page.evaluate(() => {
    const p = getComputedStyle(document.querySelector("main .prose p"));
    return {
      size: parseFloat(p.fontSize),
      ratio: parseFloat(p.lineHeight) / parseFloat(p.fontSize),
      meta: getComputedStyle(document.querySelector("main .meta")).color,
      note: getComputedStyle(document.querySelector(".site-footer__note")).color,
    };
  });
}

/** Whether `now` is elder mode compared with `normal` (both from `measure`). */
function isElder(now, normal) {
  return now.size >= 1.25 * normal.size && now.ratio >= 1.6 && now.meta !== normal.meta
    && now.note === "rgb(255, 255, 255)";
}

const show = (m) => `${m.size}px, line ${m.ratio.toFixed(2)}, meta ${m.meta}, note ${m.note}`;

// --- 1. with JavaScript ------------------------------------------------------------------------
let normal;
{
  const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
  const page = await context.newPage();
  await page.goto(base + ZH);
  normal = await measure(page);
  const zh = page.getByRole("button", { name: NAMES.zh });
  check(await zh.count() === 1, `${ZH}: no button named ${NAMES.zh}`);
  check(await page.locator("#elder-switch").count() === 0, `${ZH}: the checkbox is still there with JavaScript`);
  check(await zh.getAttribute("aria-pressed") === "false", `${ZH}: pressed before a click`);
  await zh.click();
  const on = await measure(page);
  check(await zh.getAttribute("aria-pressed") === "true", `${ZH}: not pressed after a click`);
  check(isElder(on, normal), `${ZH}: pressed is not elder mode: ${show(on)} (normal ${show(normal)})`);

  await page.reload();
  check(isElder(await measure(page), normal), `${ZH}: elder mode gone after a reload`);
  check(await page.getByRole("button", { name: NAMES.zh }).getAttribute("aria-pressed") === "true",
    `${ZH}: not pressed after a reload`);
  await page.goto(base + EN);
  const en = page.getByRole("button", { name: NAMES.en });
  check(await en.getAttribute("aria-pressed") === "true", `${EN}: not pressed on another page`);
  const enOn = await measure(page);
  check(enOn.size >= 1.25 * normal.size && enOn.ratio >= 1.6, `${EN}: not elder mode: ${show(enOn)}`);

  // The inline script alone applies the stored choice: nothing waits for elder.js.
  await page.route("**/elder.js", (route) => route.abort());
  await page.goto(base + ZH);
  check(isElder(await measure(page), normal), `${ZH}: elder mode needs elder.js (no inline script?)`);
  await page.unroute("**/elder.js");

  await page.goto(base + ZH);
  await page.getByRole("button", { name: NAMES.zh }).click();
  const off = await measure(page);
  check(off.size === normal.size && off.meta === normal.meta, `${ZH}: switched off but ${show(off)}`);
  await page.reload();
  check((await measure(page)).size === normal.size, `${ZH}: off is not remembered`);
  check(await page.getByRole("button", { name: NAMES.zh }).getAttribute("aria-pressed") === "false",
    `${ZH}: pressed after switching off and reloading`);
  await context.close();
}

// --- 2. without JavaScript ---------------------------------------------------------------------
{
  const context = await browser.newContext({ viewport: { width: 360, height: 740 }, javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(base + EN);
  const before = await measure(page);
  check(before.size === normal.size, `${EN} without JavaScript: starts at ${before.size}px`);
  const box = page.getByRole("checkbox", { name: NAMES.en });
  check(await box.count() === 1, `${EN} without JavaScript: no checkbox named ${NAMES.en}`);
  await box.check();
  const on = await measure(page);
  check(isElder(on, normal), `${EN} without JavaScript: checked is not elder mode: ${show(on)}`);
  await box.uncheck();
  check((await measure(page)).size === normal.size, `${EN} without JavaScript: unchecked stays large`);
  await context.close();
}

// --- 3. prefers-contrast: more -----------------------------------------------------------------
for (const javaScriptEnabled of [false, true]) {
  const how = javaScriptEnabled ? "with" : "without";
  const context = await browser.newContext({ viewport: { width: 360, height: 740 }, javaScriptEnabled, contrast: "more" });
  const page = await context.newPage();
  await page.goto(base + ZH);
  const on = await measure(page);
  check(isElder(on, normal), `${ZH} prefers-contrast: more, ${how} JavaScript: not elder mode: ${show(on)}`);
  if (javaScriptEnabled) {
    const button = page.getByRole("button", { name: NAMES.zh });
    check(await button.getAttribute("aria-pressed") === "true", `${ZH} prefers-contrast: more: not pressed`);
    await button.click();
    check((await measure(page)).size === normal.size, `${ZH} prefers-contrast: more: cannot switch off`);
  }
  await context.close();
}

// --- 4. every page at 200 % zoom on 320 px ------------------------------------------------------
function htmlPages(folder, out = []) {
  for (const name of readdirSync(folder).sort()) {
    const path = join(folder, name);
    if (statSync(path).isDirectory()) {
      if (path !== join(dir, "pagefind")) htmlPages(path, out);
    } else if (name.endsWith(".html")) {
      out.push("/" + relative(dir, path).split(sep).join("/").replace(/(^|\/)index\.html$/, "$1"));
    }
  }
  return out;
}
const pages = htmlPages(dir);
check(pages.length > 100, `only ${pages.length} pages found`);
/** Loads every page at 160 CSS px, elder mode on or off, and notes each that is too wide. */
async function reflow(elder) {
  const context = await browser.newContext({ viewport: { width: 160, height: 320 }, deviceScaleFactor: 2 });
  await context.addInitScript((on) => localStorage.setItem("safepress-elder", on ? "1" : "0"), elder);
  const page = await context.newPage();
  for (const path of pages) {
    // "load": a page without scripts (a poster) may fire DOMContentLoaded before its
    // stylesheet has arrived, and would be measured unstyled.
    await page.goto(base + path, { waitUntil: "load" });
    const wide = await page.evaluate(() => {
      const root = document.documentElement;
      if (root.scrollWidth <= root.clientWidth) return null;
      // the outermost elements that stick out, to say what to fix
      const out = [...document.body.querySelectorAll("*")].filter((el) =>
        el.getBoundingClientRect().right > root.clientWidth + 0.5
        && el.parentElement.getBoundingClientRect().right <= root.clientWidth + 0.5);
      return `${root.scrollWidth} px wide: ${out.map((el) => el.outerHTML.replace(/\s+/g, " ").slice(0, 80)).join(" | ")}`;
    });
    check(wide === null, `${path} at 200 % zoom on 320 px${elder ? " in elder mode" : ""}: ${wide}`);
    // A poster is a printed sheet with no site header and no switch: it reflows, but has no
    // elder mode.
    if (await page.$("#elder-switch")) {
      const isOn = await page.evaluate(() => document.documentElement.classList.contains("elder"));
      check(isOn === elder, `${path}: elder mode ${isOn ? "on" : "off"} in the reflow pass`);
    }
  }
  await context.close();
}
// the two passes side by side: each waits on its own page loads
await Promise.all([reflow(false), reflow(true)]);

await finish(browser, server, problems);
