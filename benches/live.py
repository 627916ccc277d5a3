#!/usr/bin/env python3
"""Live-preview latency benchmark: what a person sees with `safepress serve` running.

Usage: benches/live.py [N_LESSONS] [EDITS]   (defaults: 10000 lessons, 15 edits of each kind)

Generates a site of N_LESSONS extra lessons (benches/gen_site.py), starts the release binary's
`serve`, then repeatedly saves a lesson file and measures, as a browser with the live-reload
script experiences it, the time from the closed file until the reload event has arrived and the
pages have been fetched with the new text:
  - body edit: the lesson page shows the new text;
  - title edit: the lesson page, the home page, and its category's and tag's first pages where
    they list it, all show the new title (no stale listing).
Debouncing is included in the figures. Meanwhile a second thread requests existing pages in a
loop and counts any answer that is not a whole 200 page. Finally it times full builds of the same
site for comparison. Prints medians, and the server's resident memory (VmRSS) after its first
rebuild and after the last.

REBUILDS=N (environment): after the measured edits, go on saving body edits until the server has
rebuilt N times in all (each waited for, as a browser would), to show whether memory grows with
the number of rebuilds (issue 9: within 10% of the first after 1,000).
"""
import http.client
import os

import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse

# The scripts read what safepress prints ("Built …", "Rebuilt after …"): in English,
# whatever the language of the site (an older binary ignores this).
os.environ["SAFEPRESS_LANG"] = "en"

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# SAFEPRESS_BIN: measure another binary (e.g. an older build) instead of this one's.
BIN = os.environ.get("SAFEPRESS_BIN") or os.path.join(REPO, "target", "release", "safepress")


def fetch(port, path):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        c.request("GET", path)
        r = c.getresponse()
        return r.status, r.read().decode("utf-8", "replace")
    finally:
        c.close()


def wait_until(check, limit=30.0):
    start = time.perf_counter()
    while time.perf_counter() - start < limit:
        if check():
            return time.perf_counter()
        time.sleep(0.002)
    raise SystemExit("timed out")


class Events:
    """The live-reload event stream, as the page's script sees it."""

    def __init__(self, port):
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        self.conn.request("GET", "/__safepress/events")
        self.resp = self.conn.getresponse()

    def next_reload(self):
        while True:
            line = self.resp.fp.readline().decode()
            if line.startswith("event: reload"):
                return


def rss_kib(pid):
    """The process's resident memory now, in KiB (Linux)."""
    with open("/proc/%d/status" % pid) as f:
        return next(int(line.split()[1]) for line in f if line.startswith("VmRSS:"))


def save(path, text):
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    return time.perf_counter()  # the file is closed here


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10000
    edits = int(sys.argv[2]) if len(sys.argv) > 2 else 15
    if not os.environ.get("SAFEPRESS_BIN"):
        subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=REPO, check=True)
    work = tempfile.mkdtemp()
    site = os.path.join(work, "site")
    # SEARCH=off: a site with `search: false`, so that the figures leave the search index out.
    flags = ["--no-search"] if os.environ.get("SEARCH") == "off" else []
    subprocess.run([sys.executable, os.path.join(REPO, "benches", "gen_site.py"), site, str(n)] + flags,
                   check=True)

    def full_build(clean):
        out = os.path.join(work, "full")
        if clean and os.path.exists(out):
            shutil.rmtree(out)
        t = time.perf_counter()
        subprocess.run([BIN, "build", "--root", site, "--output", out], check=True, stderr=subprocess.DEVNULL)
        return (time.perf_counter() - t) * 1000

    cold = [full_build(True) for _ in range(3)]
    warm = [full_build(False) for _ in range(3)]

    log = open(os.path.join(work, "serve.log"), "w")
    server = subprocess.Popen([BIN, "serve", "--root", site, "--port", "18111"], stderr=log)
    try:
        port = None
        deadline = time.time() + 120
        while port is None and time.time() < deadline:
            time.sleep(0.1)
            text = open(log.name).read()
            m = re.search(r"http://127\.0\.0\.1:(\d+)/", text)
            port = int(m.group(1)) if m and "Watching for changes" in text else None

        # The newest lesson is on the home page, first in its category and its tag pages.
        status, home = fetch(port, "/")
        url = re.search(r'<a href="(/lessons/[^/"]+/[^/"]+/)"', home).group(1)
        _, cat, slug = url.strip("/").split("/")
        src = os.path.join(site, "content", "lessons", cat, slug + ".md")
        original = open(src, encoding="utf-8").read()
        fm, body = original.split("---\n", 2)[1:]
        tag = re.search(r"^tags: \[([^,\]]+)", fm, re.M)
        tag_url = ("/tags/%s/" % urllib.parse.quote(tag.group(1).strip().strip('"').lower().replace(" ", "-"))
                   if tag else None)

        # A title edit must show on every listing that shows the lesson: the home page (where it
        # was found), and its category's and tag's first pages where it is listed there (lessons
        # with a `weight` come first, so the newest may be on a later page).
        listings = ["/lessons/%s/" % cat] + ([tag_url] if tag_url else [])
        listed = [p for p in listings if url in fetch(port, p)[1]]
        watched = ["/", "/lessons/", url, "/lessons/%s/" % cat] + ([tag_url] if tag_url else [])
        stop = threading.Event()
        bad, requests, stale = [], [0], []

        def checker():
            while not stop.is_set():
                for p in watched:
                    s, b = fetch(port, p)
                    requests[0] += 1
                    if s != 200 or "</html>" not in b:
                        bad.append((p, s))

        events = Events(port)

        def seen(pages, text):
            """Like the browser: wait for a reload event, then load the pages."""
            while True:
                events.next_reload()
                if all(text in fetch(port, p)[1] for p in pages):
                    return time.perf_counter()

        current = {"fm": fm}
        rss_first = []

        def edit_round(k, body_ms, title_ms):
            # A body edit: the front matter stays as it is now.
            marker = "Body edit number %d." % k
            t0 = save(src, "---\n" + current["fm"] + "---\n" + body + "\n" + marker + "\n")
            body_ms.append((seen([url], marker) - t0) * 1000)
            if not rss_first:
                rss_first.append(rss_kib(server.pid))
            time.sleep(0.2)

            title = "Retitled lesson %d" % k
            current["fm"] = re.sub(r"^title: .*$", 'title: "%s"' % title, fm, flags=re.M)
            t0 = save(src, "---\n" + current["fm"] + "---\n" + body)
            pages = [url, "/"] + listed
            title_ms.append((seen(pages, title) - t0) * 1000)
            # No listing may be stale once the reload is announced.
            for p in pages:
                if title not in fetch(port, p)[1]:
                    stale.append(p)
            time.sleep(0.2)

        # Latency as one person sees it: one browser, nothing else loading the machine.
        body_ms, title_ms = [], []
        for k in range(edits):
            edit_round(k, body_ms, title_ms)
        # Integrity: another client hammers existing pages while edits are rebuilt.
        t = threading.Thread(target=checker)
        t.start()
        loaded_body, loaded_title = [], []
        for k in range(edits, edits + 5):
            edit_round(k, loaded_body, loaded_title)
        stop.set()
        t.join()
        # Memory over many rebuilds: body edits, each waited for.
        target = int(os.environ.get("REBUILDS", "0"))
        done = 2 * (edits + 5)
        for k in range(max(0, target - done)):
            marker = "Memory edit number %d." % k
            save(src, "---\n" + current["fm"] + "---\n" + body + "\n" + marker + "\n")
            seen([url], marker)
            done += 1
        rss_last = rss_kib(server.pid)
        save(src, original)
    finally:
        server.terminate()
        server.wait()
        log.close()

    rebuilds = [int(m) for m in re.findall(r"Rebuilt after .* in (\d+) ms", open(log.name).read())]
    html = sum(1 for _, _, fs in os.walk(os.path.join(work, "full")) for f in fs if f.endswith(".html"))
    print("site: %d generated lessons + sample, %d HTML pages" % (n, html))
    # The work folder is the system's temporary folder, often on disk: not comparable with
    # benches/compare.py, which builds on tmpfs.
    fstype = subprocess.run(["stat", "-f", "-c", "%T", work], capture_output=True, text=True).stdout.strip()
    print("full build:            median %6.0f ms into an empty folder, %6.0f ms over an unchanged one (3 runs each, on %s)"
          % (statistics.median(cold), statistics.median(warm), fstype or "an unknown file system"))
    print("serve, body edit:      median %6.1f ms, max %6.1f ms (%d edits, saved file -> new text served)"
          % (statistics.median(body_ms), max(body_ms), edits))
    print("serve, title edit:     median %6.1f ms, max %6.1f ms (lesson, home%s all updated)"
          % (statistics.median(title_ms), max(title_ms), "".join(", " + p for p in listed)))
    print("edited: %s; rebuild alone (serve's own log): median %d ms over %d rebuilds"
          % (url, statistics.median(rebuilds), len(rebuilds)))
    print("under load (a second client requesting %d pages in a loop): body median %.1f ms, title median %.1f ms"
          % (len(watched), statistics.median(loaded_body), statistics.median(loaded_title)))
    print("during rebuilds: %d requests, %d not a whole 200 page; stale listings after reload: %d"
          % (requests[0], len(bad), len(stale)))
    print("server memory (VmRSS): %.0f MiB after the first rebuild, %.0f MiB after %d rebuilds (%+.1f%%)"
          % (rss_first[0] / 1024, rss_last / 1024, len(rebuilds), 100.0 * (rss_last - rss_first[0]) / rss_first[0]))
    shutil.rmtree(work)


if __name__ == "__main__":
    main()
