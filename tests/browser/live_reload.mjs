// Drives `safepress serve` in headless Chromium: a save reloads the open page by itself, a
// broken save shows the error overlay over the last good page, and the fix removes it.
// Usage: node live_reload.mjs <base-url> <site-root>. Exits non-zero with a reason on failure.
import { chromium } from "playwright-core";
import { writeFileSync } from "node:fs";
import { join } from "node:path";

const [base, root] = process.argv.slice(2);
const file = join(root, "content/lessons/fire/candles.md");
const page_url = base + "lessons/fire/candles/";
const lesson = (body) => `---\ntitle: Candles\ndate: 2026-07-20\n---\n${body}\n`;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
const fail = async (why) => {
  console.error("FAIL: " + why);
  await browser.close();
  process.exit(1);
};
try {
  const page = await browser.newPage();
  await page.goto(page_url);
  if (!(await page.textContent("main h1")).includes("Candles")) await fail("the page did not load");
  // Wait until the live-reload stream is open before saving.
  await page.waitForFunction(() => document.documentElement.dataset.safepressLive === "connected",
    null, { timeout: 10000 });
  await page.evaluate(() => { window.__beforeReload = true; });

  writeFileSync(file, lesson("Saved once."));
  await page.waitForFunction(() => !window.__beforeReload && document.body.innerText.includes("Saved once."),
    null, { timeout: 10000 }).catch(() => fail("the page did not reload with the new text"));

  // A rebuild that lands before a page's event stream opens still reaches the page: hold the
  // stream back, save, wait until the server serves the new text, then let the stream open.
  const late = await browser.newPage();
  let release;
  const gate = new Promise((r) => { release = r; });
  await late.route("**/__safepress/events", async (route) => { await gate; await route.continue(); });
  await late.goto(page_url);
  await late.evaluate(() => { window.__beforeReload = true; });
  writeFileSync(file, lesson("Saved twice."));
  for (let i = 0; i < 100; i++) {
    if ((await (await fetch(page_url)).text()).includes("Saved twice.")) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  release();
  await late.waitForFunction(() => !window.__beforeReload && document.body.innerText.includes("Saved twice."),
    null, { timeout: 10000 }).catch(() => fail("a page whose stream opened after a rebuild stayed stale"));
  await late.close();

  writeFileSync(file, "---\ntitle: Candles\ndate: 2026-02-30\n---\nBad date.\n");
  const overlay = page.locator("#safepress-error-overlay");
  await overlay.waitFor({ state: "visible", timeout: 10000 }).catch(() => fail("no error overlay"));
  const text = await overlay.innerText();
  if (!text.includes("content/lessons/fire/candles.md:3:1")) await fail("overlay lacks file and line: " + text);
  if (!(await page.textContent("main")).includes("Saved twice.")) await fail("the last good page is not kept");

  // A page opened while the build is broken shows the overlay at once.
  const second = await browser.newPage();
  await second.goto(page_url);
  await second.locator("#safepress-error-overlay").waitFor({ state: "visible", timeout: 10000 })
    .catch(() => fail("a freshly opened page does not show the overlay"));
  await second.close();

  writeFileSync(file, lesson("Fixed."));
  await page.waitForFunction(() => document.body.innerText.includes("Fixed.")
    && !document.getElementById("safepress-error-overlay"), null, { timeout: 10000 })
    .catch(() => fail("the overlay did not go away after the fix"));
  console.log("ok");
} catch (e) {
  await fail(String(e));
}
await browser.close();
