// Prints posters to PDF with Chromium, as a resident does with Ctrl+P on A4 paper, and counts
// the pages of each PDF.
//   node poster.mjs <output-folder> <path>...   paths of posters, e.g. /en/lessons/fire/x/poster/
// Prints `pages <path> <n>` for each, then `ok`; exits non-zero if a page does not load or its
// PDF has no page count.
import { normalize } from "node:path";
import { serveStatic, launch } from "./lib.mjs";

const [dir, ...paths] = process.argv.slice(2);
if (!dir || paths.length === 0) {
  console.error("usage: node poster.mjs <output-folder> <path>...");
  process.exit(2);
}

/** The number of pages of a PDF: its page objects, which Chromium writes uncompressed. */
function pageCount(pdf) {
  const text = pdf.toString("latin1");
  const pages = (text.match(/\/Type\s*\/Page(?![a-zA-Z])/g) || []).length;
  const tree = /\/Type\s*\/Pages\b[^>]*?\/Count\s+(\d+)/.exec(text) || /\/Count\s+(\d+)[^>]*?\/Type\s*\/Pages\b/.exec(text);
  if (!tree || Number(tree[1]) !== pages) throw new Error(`unreadable page count (${pages} page objects, tree ${tree && tree[1]})`);
  return pages;
}

const server = await serveStatic(normalize(dir), "/");
const base = `http://127.0.0.1:${server.address().port}`;
const browser = await launch();
const page = await browser.newPage();
let failed = false;
for (const path of paths) {
  const response = await page.goto(base + path, { waitUntil: "load" });
  if (!response || response.status() !== 200) {
    console.error(`${path}: HTTP ${response ? response.status() : "no response"}`);
    failed = true;
    continue;
  }
  // `format` is what a resident picks; the poster's own `@page { size: A4 }` agrees with it.
  const pdf = await page.pdf({ format: "A4", preferCSSPageSize: true, printBackground: true });
  console.log(`pages ${path} ${pageCount(pdf)}`);
}
await browser.close();
server.close();
if (failed) process.exit(1);
console.log("ok");
