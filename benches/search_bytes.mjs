// Measures what a phone downloads for one search: serves a built site (no compression, as a
// plain static server), opens its home page in headless Chromium at 360×740, types the query
// into the header's search box, submits, waits for the results, and adds up the bytes
// transferred (encoded body plus response headers, as Playwright reports them) by every
// request the page and pagefind's web worker make after submitting. Prints the total and the requests by kind.
// Usage: node benches/search_bytes.mjs <output-folder> <query>
import { createRequire } from "node:module";
import { createServer } from "node:http";
import { readFileSync, statSync } from "node:fs";
import { extname, join, normalize } from "node:path";

const require = createRequire(new URL("../tests/browser/package.json", import.meta.url));
const { chromium } = require("playwright-core");
const [dir, query] = process.argv.slice(2);
const types = { ".html": "text/html; charset=utf-8", ".js": "text/javascript", ".css": "text/css",
  ".json": "application/json", ".svg": "image/svg+xml" };
/** The size of the output file a URL is served from (0 if none). */
function onDisk(url) {
  let file = normalize(join(dir, decodeURIComponent(new URL(url).pathname)));
  try { if (statSync(file).isDirectory()) file = join(file, "index.html"); return statSync(file).size; } catch { return 0; }
}
const server = createServer((req, res) => {
  let file = normalize(join(dir, decodeURIComponent(new URL(req.url, "http://x").pathname)));
  try { if (statSync(file).isDirectory()) file = join(file, "index.html"); } catch {}
  try {
    const body = readFileSync(file);
    res.writeHead(200, { "content-type": types[extname(file)] || "application/octet-stream" });
    res.end(body);
  } catch { res.writeHead(404); res.end(); }
});
await new Promise((r) => server.listen(0, "127.0.0.1", r));
const base = `http://127.0.0.1:${server.address().port}/`;
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
const page = await browser.newPage({ viewport: { width: 360, height: 740 } });
await page.goto(base);
// Requests of the page and of pagefind's web worker, with their transferred sizes.
let counting = false;
const pending = [];
page.context().on("requestfinished", (r) => {
  if (counting) {
    // The served file's size: Playwright reports no body size for the worker's own script.
    pending.push(r.sizes().then((s) => [r.url(), Math.max(s.responseBodySize, onDisk(r.url())) + s.responseHeadersSize]));
  }
});
const box = page.locator("header form[role=search] input[name=q]");
await box.fill(query);
counting = true;
await Promise.all([page.waitForURL(/search\//), box.press("Enter")]);
await page.locator("#search-results .search-result").first().waitFor({ timeout: 60000 });
await page.waitForLoadState("networkidle");
const sizes = await Promise.all(pending);
const results = await page.locator("#search-results .search-result").count();
const status = await page.locator("#search-status").textContent();
const kind = (u) => {
  const path = new URL(u).pathname;
  if (path.includes("/pagefind/")) return path.replace(/.*\/pagefind\//, "pagefind/").replace(/[0-9a-f]{7,}/, "…");
  return path;
};
const total = sizes.reduce((a, [, b]) => a + b, 0);
const byKind = new Map();
for (const [u, b] of sizes) {
  const k = kind(u).replace(/\/[^/]*…[^/]*$/, "/*");
  const [n, t] = byKind.get(k) || [0, 0];
  byKind.set(k, [n + 1, t + b]);
}
const cached = sizes.filter(([u]) => /\.(css|svg)$/.test(new URL(u).pathname)).reduce((a, [, b]) => a + b, 0);
console.log(`query ${query}: ${status.trim()} (${results} shown); ${sizes.length} requests, ${total} bytes transferred after submitting (${total - cached} without the stylesheet and icon a visitor already has)`);
for (const [k, [n, t]] of [...byKind].sort((a, b) => b[1][1] - a[1][1])) console.log(`  ${k}: ${n} request(s), ${t} bytes`);
await browser.close();
server.close();
