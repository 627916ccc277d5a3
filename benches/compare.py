#!/usr/bin/env python3
"""Full builds of safepress and Hugo on the same generated corpus, against the I/O floor.

Usage: benches/compare.py [--sizes 1000,10000,100000] [--runs 3] [--search] [--baseline BIN]
                          [--json PATH] [--keep]

For each size N: benches/gen_site.py makes a deterministic corpus of N lessons and N // 10
announcements (plus the sample site) on tmpfs (/dev/shm when it has room, else a temporary
folder; the file system measured is printed), with `search: false`, and benches/hugo_site.py
makes the same Markdown files into a Hugo site. Then RUNS rounds, each of:

  1. safepress: a full build into an empty output folder (`--now` fixed, so results do not
     depend on the day);
  2. safepress warm: the same build again over that output (nothing changed);
  3. the I/O floor: read every input file (site.yaml and content/) and `cp -r` safepress's
     finished output to a fresh folder, in one timed child;
  4. Hugo (Debian's `hugo`; skipped with a note when it is not installed): a full build into an
     empty folder, `--clock` at the same moment;
  5. with --search: safepress with search on, into an empty folder;
  6. with --baseline BIN: that other safepress binary (an older build, say), into an empty
     folder, so that before and after are measured in the same rounds.

(safepress's output is removed before Hugo runs, so a 100,000-lesson run holds one big output
in memory at a time.) Each child is measured with os.wait4: wall time, user and system CPU,
peak RSS (ru_maxrss). The medians (of each figure on its own) go in a markdown table per size with files and bytes written,
safepress/Hugo and safepress/floor ratios and linearity (the wall-time ratio to the previous
size divided by the size ratio: 1.00 is linear); a second table gives the page weight of
safepress's output per page kind (median and largest HTML file, by the routes of src/urls.rs)
beside the number of pages of each kind Hugo made. The raw numbers are written as JSON (the
path is printed; default target/bench/compare.json).

SAFEPRESS_BIN=/path/to/safepress times that binary; otherwise target/release/safepress of this
repository, brought up to date with `cargo build --release` first. The binary's commit (and
whether the work tree had changes) is printed and kept in the JSON.
"""
import argparse
import datetime
import json
import os

import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(REPO, "benches"))
import gen_site  # noqa: E402
import hugo_site  # noqa: E402

# The scripts read what safepress prints ("Built …", "Rebuilt after …"): in English,
# whatever the language of the site (an older binary ignores this).
os.environ["SAFEPRESS_LANG"] = "en"

NOW = gen_site.NOW.isoformat()
# Room on the work file system per lesson: corpus, safepress's output and its copy, Hugo's output.
BYTES_PER_LESSON = 200_000
KINDS = ["lesson", "poster", "category page", "tag page", "audience page", "announcement",
         "announcements list", "home", "campaign", "other", "page/1/ redirect"]


def binary():
    """The safepress binary to time, and what it was built from."""
    path = os.environ.get("SAFEPRESS_BIN")
    if path:
        if not os.path.exists(path):
            sys.exit(f"SAFEPRESS_BIN={path} does not exist")
        return path, f"SAFEPRESS_BIN, modified {mtime(path)}"
    print("bringing target/release/safepress up to date (cargo build --release)…", file=sys.stderr)
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=REPO, check=True)
    rev = subprocess.run(["git", "describe", "--always", "--dirty"], cwd=REPO,
                         capture_output=True, text=True).stdout.strip() or "unknown commit"
    return os.path.join(REPO, "target", "release", "safepress"), f"built from {rev}"


def mtime(path):
    return datetime.datetime.fromtimestamp(os.path.getmtime(path)).isoformat(timespec="seconds")


def work_dir(n):
    """A fresh folder on tmpfs when /dev/shm has room for n lessons, else in $TMPDIR."""
    need = n * BYTES_PER_LESSON
    base = None
    if os.path.isdir("/dev/shm") and os.access("/dev/shm", os.W_OK):
        st = os.statvfs("/dev/shm")
        if st.f_bavail * st.f_frsize >= need:
            base = "/dev/shm"
    if base is None:
        print(f"note: /dev/shm is missing or has less than {need / 1e9:.1f} GB free; "
              "measuring in the temporary folder", file=sys.stderr)
    path = tempfile.mkdtemp(prefix="safepress-compare-", dir=base)
    fs = subprocess.run(["stat", "-f", "-c", "%T", path], capture_output=True, text=True).stdout.strip()
    return path, fs


def measure(cmd, log=None):
    """Runs cmd; returns its wall time (s), user and system CPU (s), peak RSS (KiB) and status."""
    out = open(log, "w") if log else subprocess.DEVNULL
    try:
        start = time.perf_counter()
        child = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT if log else subprocess.DEVNULL)
        _, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - start
        child.returncode = os.waitstatus_to_exitcode(status)
    finally:
        if log:
            out.close()
    return {"wall": wall, "user": usage.ru_utime, "sys": usage.ru_stime,
            "rss_kib": usage.ru_maxrss, "status": child.returncode}


def tree(path):
    """(files, bytes) of a folder."""
    files = size = 0
    for folder, _, names in os.walk(path):
        for name in names:
            files += 1
            size += os.lstat(os.path.join(folder, name)).st_size
    return files, size


def kind_of(rel, langs):
    """The page kind of an HTML file of the output, by safepress's routes (src/urls.rs)."""
    parts = rel.split("/")
    if len(parts) > 1 and parts[0] in langs:
        parts = parts[1:]
    if parts[-1] != "index.html":
        return "other"  # 404.html and the like
    p = parts[:-1]
    if not p:
        return "home"
    if p[0] == "lessons":
        if len(p) == 4 and p[2:] == ["page", "1"]:
            return "page/1/ redirect"  # Hugo's; safepress's page 1 is the list itself
        if len(p) == 2 or (len(p) == 4 and p[2] == "page"):
            return "category page"
        if len(p) == 3:
            return "lesson"
        if len(p) == 4 and p[3] == "poster":
            return "poster"
    if p[0] in ("tags", "audience") and p[-2:] == ["page", "1"]:
        return "page/1/ redirect"
    if p[0] == "tags" and len(p) > 1:
        return "tag page"
    if p[0] == "audience" and len(p) > 1:
        return "audience page"
    if p[0] == "announcements":
        if len(p) == 1 or p[1:] == ["archive"]:
            return "announcements list"
        if len(p) == 2:
            return "announcement"
    if p[0] == "campaigns":
        return "campaign"
    return "other"


def pages(out, langs):
    """{kind: [HTML sizes]} of an output folder."""
    found = {k: [] for k in KINDS}
    for folder, _, names in os.walk(out):
        for name in names:
            if name.endswith(".html"):
                full = os.path.join(folder, name)
                found[kind_of(os.path.relpath(full, out), langs)].append(os.lstat(full).st_size)
    return found


def only_safepress(out, langs):
    """(files, bytes) safepress makes that the Hugo site has no counterpart for."""
    files = size = 0
    for folder, _, names in os.walk(out):
        rel = os.path.relpath(folder, out).split(os.sep)
        rel = rel[1:] if rel and rel[0] in langs else rel
        for name in names:
            full = os.path.join(folder, name)
            if (name in ("alert.xml", "cap.xml", ".safepress-output") or "poster" in rel
                    or (rel and rel[0] == "campaigns") or name == "poster.css"):
                files += 1
                size += os.lstat(full).st_size
    return files, size


def median(runs, key):
    return statistics.median(r[key] for r in runs)


def summary(runs):
    return {k: median(runs, k) for k in ("wall", "user", "sys", "rss_kib")} if runs else None


def check(result, what, log):
    if result["status"] != 0:
        tail = open(log, encoding="utf-8", errors="replace").read()[-3000:] if log else ""
        sys.exit(f"{what} failed (exit {result['status']}):\n{tail}")


def build(binary_, root, out, what, log):
    """A measured safepress build of the site at `root` into `out`; stops the run if it fails."""
    result = measure([binary_, "build", "--root", root, "--output", out, "--now", NOW], log)
    check(result, what, log)
    return result


def run_size(n, runs, search, work, sp_bin, hugo, langs, baseline=None):
    root = os.path.join(work, f"n{n}")
    sp = os.path.join(root, "safepress")
    subprocess.run([sys.executable, os.path.join(REPO, "benches", "gen_site.py"), sp, str(n),
                    "--no-search"], check=True)
    corpus_files, corpus_bytes = tree(os.path.join(sp, "content"))
    hugo_root = os.path.join(root, "hugo")
    hugo_site.make(sp, hugo_root)
    sp_search = os.path.join(root, "safepress-search")
    if search:
        os.makedirs(sp_search)
        shutil.copytree(os.path.join(sp, "content"), os.path.join(sp_search, "content"))
        with open(os.path.join(sp, "site.yaml"), encoding="utf-8") as f:
            text = f.read().replace("search: false\n", "")
        with open(os.path.join(sp_search, "site.yaml"), "w", encoding="utf-8") as f:
            f.write(text)
    out = os.path.join(root, "sp-out")
    copy = os.path.join(root, "floor-copy")
    hugo_out = os.path.join(root, "hugo-out")
    search_out = os.path.join(root, "search-out")
    log = os.path.join(root, "safepress.log")
    floor_script = 'find "$1/site.yaml" "$1/content" -type f -print0 | xargs -0 cat > /dev/null && cp -r "$2" "$3"'
    res = {"safepress": [], "warm": [], "floor": [], "hugo": [], "search": [], "baseline": []}
    stats = {}
    for r in range(runs):
        print(f"  N={n} round {r + 1}/{runs}", file=sys.stderr)
        shutil.rmtree(out, ignore_errors=True)
        cold = build(sp_bin, sp, out, "safepress build", log)
        with open(log, encoding="utf-8") as f:
            report = f.read()
        warnings = [line for line in report.splitlines() if line.startswith("warning:")]
        if warnings:
            sys.exit("the corpus built with warnings:\n" + "\n".join(warnings[:10]))
        res["safepress"].append(cold)
        res["warm"].append(build(sp_bin, sp, out, "safepress warm build", log))
        if r == 0:
            stats["safepress_out"] = tree(out)
            stats["pages"] = pages(out, langs)
            stats["only_safepress"] = only_safepress(out, langs)
            stats["safepress_report"] = [line for line in report.splitlines() if line.startswith("Built")]
        shutil.rmtree(copy, ignore_errors=True)
        flog = os.path.join(root, "floor.log")
        floor = measure(["sh", "-c", floor_script, "floor", sp, out, copy], flog)
        check(floor, "the I/O floor", flog)
        res["floor"].append(floor)
        shutil.rmtree(copy, ignore_errors=True)
        shutil.rmtree(out, ignore_errors=True)
        if hugo:
            shutil.rmtree(hugo_out, ignore_errors=True)
            hlog = os.path.join(root, "hugo.log")
            h = measure([hugo, "--source", hugo_root, "--destination", hugo_out, "--quiet",
                         "--clock", NOW], hlog)
            if h["status"] != 0:
                # Hugo failing (at 100,000 lessons it can run out of memory) ends its part of
                # the comparison at this size, not safepress's.
                why = "killed (out of memory?)" if h["status"] == -9 else f"exit {h['status']}"
                print(f"  hugo failed: {why}, peak RSS {mib(h['rss_kib'])}; no more Hugo at N={n}",
                      file=sys.stderr)
                stats["hugo_failed"] = f"{why} after {h['wall']:.0f} s at {mib(h['rss_kib'])}"
                hugo = None
            else:
                res["hugo"].append(h)
                if r == 0:
                    stats["hugo_out"] = tree(hugo_out)
                    stats["hugo_pages"] = {k: len(v) for k, v in pages(hugo_out, langs).items()}
            shutil.rmtree(hugo_out, ignore_errors=True)
        if baseline:
            shutil.rmtree(out, ignore_errors=True)
            res["baseline"].append(build(baseline, sp, out, "the baseline build", log))
            shutil.rmtree(out, ignore_errors=True)
        if search:
            shutil.rmtree(search_out, ignore_errors=True)
            res["search"].append(build(sp_bin, sp_search, search_out, "safepress build with search", log))
            if r == 0:
                stats["search_index"] = tree(os.path.join(search_out, "pagefind"))
            shutil.rmtree(search_out, ignore_errors=True)
    return {"n": n, "announcements": max(1, n // 10), "corpus_files": corpus_files,
            "corpus_bytes": corpus_bytes, "runs": res,
            "median": {k: summary(v) for k, v in res.items()}, **stats}


def mib(kib):
    return f"{kib / 1024:,.0f} MiB" if kib < 10 * 1024 * 1024 else f"{kib / 1024 / 1024:.1f} GiB"


def mb(b):
    return f"{b / 1e6:,.1f} MB"


def secs(m):
    return f"{m['wall']:.2f} s" if m else "—"


def tables(results):
    lines = ["| lessons + announcements | safepress (user + sys) | warm | Hugo (user + sys) | I/O floor "
             "| safepress / Hugo | safepress / floor | peak RSS safepress / Hugo | linearity safepress (Hugo) "
             "| baseline (user + sys), RSS |",
             "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    prev = None
    for res in results:
        m = res["median"]
        sp, hugo, floor, warm = m["safepress"], m["hugo"], m["floor"], m["warm"]
        lin = "—"
        if prev:
            ratio = res["n"] / prev["n"]
            lin = f"{sp['wall'] / prev['median']['safepress']['wall'] / ratio:.2f}"
            if hugo and prev["median"]["hugo"]:
                lin += f" ({hugo['wall'] / prev['median']['hugo']['wall'] / ratio:.2f})"
        hugo_cell = f"{hugo['wall']:.2f} s ({hugo['user']:.2f} + {hugo['sys']:.2f})" if hugo else "—"
        if "hugo_failed" in res:
            hugo_cell = f"failed: {res['hugo_failed']}"
        vs_hugo = f"{sp['wall'] / hugo['wall']:.2f}×" if hugo else "—"
        hugo_rss = mib(hugo["rss_kib"]) if hugo else "—"
        base = m.get("baseline")
        base_cell = (f"{base['wall']:.2f} s ({base['user']:.2f} + {base['sys']:.2f}), "
                     f"{mib(base['rss_kib'])}; now {sp['wall'] / base['wall']:.2f}×") if base else "—"
        lines.append(
            f"| {res['n']:,} + {res['announcements']:,} "
            f"| {sp['wall']:.2f} s ({sp['user']:.2f} + {sp['sys']:.2f}) | {secs(warm)} "
            f"| {hugo_cell} | {floor['wall']:.2f} s | {vs_hugo} | {sp['wall'] / floor['wall']:.2f}× "
            f"| {mib(sp['rss_kib'])} / {hugo_rss} | {lin} | {base_cell} |")
        prev = res
    lines += ["", "| lessons | corpus (files, bytes) | safepress wrote | Hugo wrote | safepress only (posters, CAP, campaigns) | search on: extra time, index |",
              "|---:|---:|---:|---:|---:|---:|"]
    for res in results:
        sp_files, sp_bytes = res["safepress_out"]
        hugo = f"{res['hugo_out'][0]:,} files, {mb(res['hugo_out'][1])}" if "hugo_out" in res else "—"
        only = f"{res['only_safepress'][0]:,} files, {mb(res['only_safepress'][1])}"
        s = res["median"]["search"]
        search = "—"
        if s:
            base = res["median"]["safepress"]
            extra = s["wall"] - base["wall"]
            cpu = s["user"] + s["sys"] - base["user"] - base["sys"]
            idx = res["search_index"]
            search = (f"+{extra:.2f} s wall, +{cpu:.2f} s CPU, {mib(s['rss_kib'])} peak; "
                      f"{idx[0]:,} files, {mb(idx[1])}")
        lines.append(f"| {res['n']:,} | {res['corpus_files']:,}, {mb(res['corpus_bytes'])} "
                     f"| {sp_files:,} files, {mb(sp_bytes)} | {hugo} | {only} | {search} |")
    for res in results:
        lines += ["", f"Page weight of safepress's output, {res['n']:,} lessons "
                  f"(total output {mb(res['safepress_out'][1])}):", "",
                  "| page kind | safepress pages | median HTML | largest HTML | Hugo pages |",
                  "|---|---:|---:|---:|---:|"]
        for kind in KINDS:
            sizes = res["pages"][kind]
            hugo = res.get("hugo_pages", {}).get(kind, "—")
            if sizes or hugo:
                med = f"{statistics.median(sizes) / 1024:,.1f} KiB" if sizes else "—"
                big = f"{max(sizes) / 1024:,.1f} KiB" if sizes else "—"
                lines.append(f"| {kind} | {len(sizes):,} | {med} | {big} | {hugo} |")
        total = sum(len(v) for v in res["pages"].values())
        hugo_total = sum(res.get("hugo_pages", {}).values()) if "hugo_pages" in res else "—"
        lines.append(f"| all HTML | {total:,} | | | {hugo_total} |")
    return "\n".join(lines)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", default="1000,10000,100000",
                    help="lesson counts, comma-separated (default 1000,10000,100000)")
    ap.add_argument("--runs", type=int, default=3, help="rounds per size (default 3)")
    ap.add_argument("--search", action="store_true", help="also time builds with search on")
    ap.add_argument("--json", default=os.path.join(REPO, "target", "bench", "compare.json"),
                    help="where to write the raw numbers")
    ap.add_argument("--keep", action="store_true", help="keep the work folder")
    ap.add_argument("--baseline", help="another safepress binary to time in the same rounds")
    ap.add_argument("--no-hugo", action="store_true", help="leave Hugo out")
    args = ap.parse_args()
    sizes = [int(s) for s in args.sizes.split(",") if s]
    sp_bin, built = binary()
    if args.baseline and not os.path.exists(args.baseline):
        sys.exit(f"--baseline {args.baseline} does not exist")
    hugo = None if args.no_hugo else shutil.which("hugo")
    hugo_version = subprocess.run([hugo, "version"], capture_output=True, text=True).stdout.strip() if hugo else None
    if not hugo and not args.no_hugo:
        print("note: `hugo` is not installed (apt-get install hugo); timing safepress alone", file=sys.stderr)
    print(f"safepress {sp_bin} ({built}); {hugo_version or 'no hugo'}; {os.cpu_count()} CPUs",
          file=sys.stderr)
    with open(os.path.join(gen_site.SAMPLE, "site.yaml"), encoding="utf-8") as f:
        extra = re.search(r"^languages: *\[([^\]]*)\]", f.read(), flags=re.M)
    langs = {s.strip().lower() for s in extra.group(1).split(",")} if extra else set()
    results = []
    for n in sizes:
        work, fs = work_dir(n)
        print(f"N={n}: work folder {work} on file system {fs}", file=sys.stderr)
        try:
            res = run_size(n, args.runs, args.search, work, sp_bin, hugo, langs, args.baseline)
            res["filesystem"] = fs
            results.append(res)
        finally:
            if not args.keep:
                shutil.rmtree(work, ignore_errors=True)
    text = tables(results)
    systems = ", ".join(sorted({r["filesystem"] for r in results}))
    head = (f"Full builds, median of {args.runs} interleaved rounds, on {systems}, "
            f"{os.cpu_count()} CPUs, safepress ({built}) `--now {NOW}` with `search: false`, "
            f"{hugo_version or 'no Hugo'}"
            f"{', baseline ' + args.baseline if args.baseline else ''}:")
    print(head + "\n\n" + text)
    os.makedirs(os.path.dirname(os.path.abspath(args.json)), exist_ok=True)
    with open(args.json, "w", encoding="utf-8") as f:
        json.dump({"when": datetime.datetime.now().isoformat(timespec="seconds"),
                   "machine": platform.platform(), "cpus": os.cpu_count(),
                   "safepress": sp_bin, "built": built, "baseline": args.baseline,
                   "hugo": hugo_version, "now": NOW,
                   "runs": args.runs, "sizes": results}, f, indent=1)
    print(f"\nraw numbers: {args.json}")


if __name__ == "__main__":
    main()
