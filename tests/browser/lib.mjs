// What the browser scripts share: a static server for a built output, and Chromium.
import { chromium } from "playwright-core";
import { createServer } from "node:http";
import { readFileSync, statSync } from "node:fs";
import { extname, join, normalize, sep } from "node:path";

export /** A small static server for `dir` under the URL path `prefix`, like a city's web server. */
function serveStatic(dir, prefix) {
  const types = { ".html": "text/html; charset=utf-8", ".js": "text/javascript", ".css": "text/css",
    ".json": "application/json", ".svg": "image/svg+xml", ".xml": "application/xml" };
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, "http://x").pathname);
    if (!path.startsWith(prefix)) { res.writeHead(404); res.end(); return; }
    let file = normalize(join(dir, path.slice(prefix.length)));
    if (file !== dir && !file.startsWith(dir + sep)) { res.writeHead(403); res.end(); return; }
    try { if (statSync(file).isDirectory()) file = join(file, "index.html"); } catch {}
    try {
      const body = readFileSync(file);
      res.writeHead(200, { "content-type": types[extname(file)] || "application/octet-stream" });
      res.end(body);
    } catch {
      res.writeHead(404); res.end();
    }
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

/** Debian's Chromium (or `$CHROMIUM`), headless, with nothing fetched in the background. */
export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
}

/** Closes `browser` and `server`, then prints `ok` or exits 1 listing `problems`. */
export async function finish(browser, server, problems) {
  await browser.close();
  server.close();
  if (problems.length) {
    console.error(problems.join("\n"));
    process.exit(1);
  }
  console.log("ok");
}
