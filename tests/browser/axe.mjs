// Checks pages of a built output with axe-core (WCAG 2.1 A and AA) in headless Chromium at a
// phone's width (360 px), and that none scrolls sideways.
//   node axe.mjs [--elder] <output-folder> <path>...   paths as a resident types them, e.g. /en/poster/
// With --elder the pages are checked in elder mode (switched on as on an earlier visit).
// Prints `ok`; exits non-zero listing every violation (rule, page, the offending HTML) otherwise.
import { normalize } from "node:path";
import { serveStatic, launch, axeViolations, finish } from "./lib.mjs";

const args = process.argv.slice(2);
const elder = args[0] === "--elder";
const [dir, ...paths] = elder ? args.slice(1) : args;
if (!dir || paths.length === 0) {
  console.error("usage: node axe.mjs [--elder] <output-folder> <path>...");
  process.exit(2);
}

const server = await serveStatic(normalize(dir), "/");
const base = `http://127.0.0.1:${server.address().port}`;
const browser = await launch();
const problems = [];
for (const path of paths) {
  const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
  if (elder) await context.addInitScript(() => localStorage.setItem("safepress-elder", "1"));
  const page = await context.newPage();
  const response = await page.goto(base + path, { waitUntil: "load" });
  if (!response || response.status() !== 200) {
    problems.push(`${path}: HTTP ${response ? response.status() : "no response"}`);
    await context.close();
    continue;
  }
  if (elder && !(await page.evaluate(() => document.documentElement.classList.contains("elder")))) {
    problems.push(`${path}: elder mode is not on`);
  }
  for (const v of await axeViolations(page)) problems.push(`${path}: ${v}`);
  const scroll = await page.evaluate(() => document.documentElement.scrollWidth);
  if (scroll > 360) problems.push(`${path}: scrolls sideways at 360 px (${scroll} px wide)`);
  await context.close();
}
await finish(browser, server, problems);
