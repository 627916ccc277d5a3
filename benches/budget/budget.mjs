// Checks a built site against the Residents' budget; `run.sh` builds the sample site and calls it.
// For every HTML page: no axe-core violation (WCAG 2.1 A and AA), no Nu Html Checker error, no
// horizontal scrolling at 360 px, at most 20 KB (gzip -9 of every response body) for a first
// visit and nothing from another host; Lighthouse >= 98 in all four categories for a chosen set.
// Usage: node budget.mjs <site-folder> <port>   (the site built with --base-url http://127.0.0.1:<port>/)
// LH_PAGES="/ /en/ …" replaces the Lighthouse set ("" skips Lighthouse); LH_RUNS=N runs each page
// N times and keeps each category's median (performance is noisy on a busy machine; default 1).
// Exits 1 if over budget, 2 if a tool could not run.
import { createServer } from "node:http";
import { spawn } from "node:child_process";
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { extname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { loadavg } from "node:os";
import { gzipSync } from "node:zlib";
import { chromium } from "playwright-core";

const LIMITS = { kb: 20, width: 360, height: 740, lighthouse: 98 };
const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];
const LH_DEFAULT = [
  "/", "/lessons/fire/extinguisher/", "/lessons/fire/", "/announcements/", "/404.html", "/search/",
].flatMap((p) => [p, "/en" + p]);
const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";
const require = createRequire(import.meta.url);
process.on("uncaughtException", (e) => { console.error("the checks could not run:", e); process.exit(2); });

const [siteArg, portArg] = process.argv.slice(2);
if (!siteArg || !portArg) {
  console.error("usage: node budget.mjs <site-folder> <port>");
  process.exit(2);
}
const site = resolve(siteArg);
const origin = `http://127.0.0.1:${portArg}`;

// --- the pages: every .html file, as the path a reader asks for -----------------------------
const files = (function walk(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walk(join(dir, e.name)) : e.name.endsWith(".html") ? [join(dir, e.name)] : []);
})(site).sort();
const pathOf = (file) => "/" + relative(site, file).split(sep).join("/").replace(/(^|\/)index\.html$/, "$1");
const pages = files.map(pathOf);

// --- a static server that gzips like a production one --------------------------------------
const TYPES = { ".html": "text/html; charset=utf-8", ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml", ".xml": "application/xml", ".txt": "text/plain; charset=utf-8",
  ".js": "text/javascript", ".png": "image/png", ".jpg": "image/jpeg", ".webp": "image/webp",
  ".pdf": "application/pdf", ".json": "application/json" };
const server = createServer((req, res) => {
  const path = decodeURIComponent(new URL(req.url, origin).pathname);
  let file = join(site, path);
  if (!file.startsWith(site)) file = site;
  if (existsSync(file) && statSync(file).isDirectory()) file = join(file, "index.html");
  let status = 200;
  if (!existsSync(file)) {
    status = 404;
    const lang = path.match(/^\/([a-z]{2,3}(?:-[a-z0-9]+)*)\//);
    file = lang && existsSync(join(site, lang[1], "404.html")) ? join(site, lang[1], "404.html") : join(site, "404.html");
  }
  let body = readFileSync(file);
  const headers = { "Content-Type": TYPES[extname(file)] || "application/octet-stream", "Vary": "Accept-Encoding",
    "Cache-Control": "public, max-age=31536000" };
  if (/\bgzip\b/.test(req.headers["accept-encoding"] || "")) {
    body = gzipSync(body, { level: 9 });
    headers["Content-Encoding"] = "gzip";
  }
  res.writeHead(status, headers).end(req.method === "HEAD" ? undefined : body);
});
await new Promise((ok) => server.listen(Number(portArg), "127.0.0.1", ok));

/** Runs a command; resolves with its exit code, stdout and stderr. */
function run(cmd, args, env = {}) {
  return new Promise((ok, fail) => {
    const child = spawn(cmd, args, { env: { ...process.env, ...env } });
    const out = [], err = [];
    child.stdout.on("data", (d) => out.push(d));
    child.stderr.on("data", (d) => err.push(d));
    child.on("error", fail);
    child.on("close", (code) => ok({ code, stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString() }));
  });
}

const report = [];   // lines printed at the end
let exceeded = 0;    // how many checks went over budget
const check = (name, failures, summary) => {
  report.push(`${failures.length ? "FAIL" : "ok  "} ${name}: ${summary}`);
  for (const f of failures) report.push(`       ${f}`);
  if (failures.length) exceeded++;
};

// --- 2. Nu Html Checker: all files in one run -----------------------------------------------
{
  process.stderr.write("Nu Html Checker…\n");
  const vnu = require("vnu-jar");
  const { stderr, stdout } = await run("java", ["-Xss8m", "-jar", vnu, "--errors-only", "--format", "json", ...files]);
  let messages;
  try {
    messages = JSON.parse(stderr || stdout).messages;
  } catch {
    console.error("the Nu Html Checker did not answer in JSON:\n" + (stderr || stdout));
    process.exit(2);
  }
  const errors = messages.filter((m) => m.type === "error" || m.subType === "fatal");
  const perPage = new Map();
  for (const m of errors) {
    const page = m.url ? pathOf(fileURLToPath(m.url)) : "?";
    perPage.set(page, (perPage.get(page) || 0) + 1);
  }
  const worst = [...perPage].sort((a, b) => b[1] - a[1])[0];
  check("Nu Html Checker", errors.map((m) =>
    `${m.url ? pathOf(fileURLToPath(m.url)) : "?"}:${m.lastLine ?? "?"}: ${m.message}`),
  `${errors.length} errors in ${files.length} files` + (worst ? `; worst ${worst[0]} (${worst[1]})` : ""));
}

// --- 1, 3, 4. one fresh browser context per page: requests, width, axe ----------------------
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const browser = await chromium.launch({ executablePath: CHROMIUM,
  args: ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--no-first-run"] });
const results = [];
for (const [i, path] of pages.entries()) {
  if (i % 25 === 0) process.stderr.write(`Chromium: page ${i + 1}/${pages.length}…\n`);
  const context = await browser.newContext({ viewport: { width: LIMITS.width, height: LIMITS.height }, bypassCSP: true });
  const requests = new Map(), foreign = new Set(), bodies = [];  // url → gzip -9 size of its body
  await context.route("**/*", (route) => {
    const url = route.request().url();
    if (new URL(url).origin !== origin) {
      foreign.add(url);
      return route.abort();
    }
    return route.continue();
  });
  const page = await context.newPage();
  page.on("response", (r) => bodies.push(r.body()
    .then((b) => requests.set(r.url(), gzipSync(b, { level: 9 }).length))
    .catch(() => requests.set(r.url(), 0))));  // a redirect has no body
  await page.goto(origin + encodeURI(path), { waitUntil: "load" });
  await page.waitForLoadState("networkidle");
  await Promise.all(bodies);
  const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
  await page.addScriptTag({ content: axeSource });
  const axe = await page.evaluate((tags) => window.axe.run(document, { runOnly: { type: "tag", values: tags } })
    .then((r) => r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.length, target: v.nodes[0]?.target.join(" ") }))), AXE_TAGS);
  // Each URL counts once: a browser's cache serves a repeat (Playwright's routing turns its cache off).
  const bytes = [...requests.values()].reduce((sum, n) => sum + n, 0);
  results.push({ path, scrollWidth, axe, bytes, requests, foreign });
  await context.close();
}
await browser.close();

{
  const violations = results.flatMap((r) => r.axe.map((v) =>
    `${r.path}: ${v.id} (${v.impact}) ${v.nodes} node${v.nodes > 1 ? "s" : ""}, e.g. ${v.target} — ${v.help}`));
  const worst = [...results].sort((a, b) => b.axe.length - a.axe.length)[0];
  check(`axe-core (${AXE_TAGS.join(", ")})`, violations, `${violations.length} violations on ${results.length} pages` +
    (worst?.axe.length ? `; worst ${worst.path} (${worst.axe.map((v) => v.id).join(", ")})` : ""));
}
{
  const wide = results.filter((r) => r.scrollWidth > LIMITS.width);
  const worst = [...results].sort((a, b) => b.scrollWidth - a.scrollWidth)[0];
  check(`no horizontal scrolling at ${LIMITS.width} px`, wide.map((r) => `${r.path}: scrollWidth ${r.scrollWidth}`),
    `${wide.length} of ${results.length} pages scroll; widest ${worst.path} (scrollWidth ${worst.scrollWidth})`);
}
{
  const kb = (n) => (n / 1024).toFixed(1) + " KB";
  const heavy = results.filter((r) => r.bytes > LIMITS.kb * 1024);
  const sorted = [...results].sort((a, b) => b.bytes - a.bytes);
  const [worst] = sorted;
  const light = sorted.at(-1);
  const files = [...worst.requests].map(([url, n]) => `${url.slice(origin.length)} ${kb(n)}`).join(", ");
  check(`first visit <= ${LIMITS.kb} KB (gzip -9 of every response)`,
    heavy.map((r) => `${r.path}: ${kb(r.bytes)} in ${r.requests.size} files`),
    `${heavy.length} of ${results.length} pages over; heaviest ${worst.path} ${kb(worst.bytes)} (${files}); lightest ${light.path} ${kb(light.bytes)}`);
  const foreign = results.flatMap((r) => [...r.foreign].map((u) => `${r.path}: ${u}`));
  check("nothing from another host", foreign, `${foreign.length} requests to other hosts`);
}

// --- 5. Lighthouse on the chosen set, one page at a time -------------------------------------
const lhPages = (process.env.LH_PAGES ?? LH_DEFAULT.join(" ")).split(/\s+/).filter(Boolean);
if (lhPages.length) {
  const missing = lhPages.filter((p) => !pages.includes(p));
  const bin = join(fileURLToPath(new URL(".", import.meta.url)), "node_modules", ".bin", "lighthouse");
  const failures = [], scored = [];
  for (const path of lhPages.filter((p) => pages.includes(p))) {
    process.stderr.write(`Lighthouse ${path}…\n`);
    const runs = [];
    for (let n = 0; n < Number(process.env.LH_RUNS || 1); n++) {
      const { code, stdout, stderr } = await run(bin, [origin + encodeURI(path), "--output=json", "--output-path=stdout",
        "--quiet", "--chrome-flags=--headless=new --no-sandbox",
        "--only-categories=performance,accessibility,best-practices,seo"], { CHROME_PATH: CHROMIUM });
      if (code !== 0) {
        console.error(`${path}: lighthouse exited ${code}:\n${stderr}`);
        process.exit(2);
      }
      runs.push(JSON.parse(stdout));
    }
    const median = (id) => runs.sort((a, b) => a.categories[id].score - b.categories[id].score)[(runs.length - 1) >> 1];
    const scores = Object.keys(runs[0].categories).map((id) => {
      const lhr = median(id);
      return { id, score: Math.round(lhr.categories[id].score * 100), c: lhr.categories[id], lhr };
    });
    scored.push({ path, scores, min: Math.min(...scores.map((s) => s.score)) });
    for (const { id, score, c, lhr } of scores.filter((s) => s.score < LIMITS.lighthouse)) {
      const lost = c.auditRefs.map((a) => lhr.audits[a.id])
        .filter((a, j) => c.auditRefs[j].weight > 0 && a.score !== null && a.score < 1)
        .map((a) => `${a.id} ${a.displayValue || Math.round(a.score * 100)}`);
      failures.push(`${path}: ${id} ${score} (lost on: ${lost.join("; ")})`);
    }
  }
  const worst = [...scored].sort((a, b) => a.min - b.min)[0];
  check(`Lighthouse >= ${LIMITS.lighthouse} in every category`, failures, `${scored.length} pages` +
    (worst ? `; worst ${worst.path} (lowest ${worst.min})` : "") + (missing.length ? `; not in the site, skipped: ${missing.join(" ")}` : ""));
  for (const { path, scores } of scored) report.push(`       ${path}: ${scores.map((s) => `${s.id} ${s.score}`).join(", ")}`);
}

server.close();
console.log(`Residents' budget: ${pages.length} pages of ${site}, served at ${origin}/ ` +
  `(load average ${loadavg()[0].toFixed(1)} on this machine)`);
console.log(report.join("\n"));
console.log(exceeded ? `OVER BUDGET: ${exceeded} checks failed` : "within budget");
process.exit(exceeded ? 1 : 0);
