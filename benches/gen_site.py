#!/usr/bin/env python3
"""Generate a large safepress site for benchmarks.

Usage: gen_site.py OUT_DIR N_LESSONS [--main-lang LANG] [--no-posters] [--no-search]

Copies site.yaml and content/ of the sample site in this repository (or of the site folder in
$SAFEPRESS_SAMPLE), then adds N_LESSONS lessons spread over the seven categories.
--main-lang LANG makes LANG the main language first: each `<name>.LANG.md` translation becomes
`<name>.md` and the file it translated `<name>.<old main>.md` (for a Chinese-first site from a
sample still written English-first), so generated lessons take the LANG bodies where they exist.
--no-posters writes `posters: false` into site.yaml (no print poster per lesson), to time a
build with posters on and off; --no-search writes `search: false` (no search index), to time
the rest of the build on its own. Each generated lesson reuses the body of a real
sample lesson (so Markdown features, tables and callouts are representative) with a unique
title, slug, date and tag mix. Internal links are rewritten to stay valid.
"""
import os
import random
import re
import shutil
import sys

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


SAMPLE = os.environ.get("SAFEPRESS_SAMPLE") or REPO


def make_main(out, lang):
    """Swaps the main language of the copied site at `out` for `lang` (see the usage)."""
    path = os.path.join(out, "site.yaml")
    with open(path, encoding="utf-8") as f:
        text = f.read()
    old = re.search(r"^language: *(\S+)", text, flags=re.M).group(1)
    if old == lang:
        return
    text = re.sub(r"^language: .*$", f"language: {lang}", text, flags=re.M)
    text = re.sub(r"^languages: .*$", f"languages: [{old}]", text, flags=re.M)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    for folder, _, files in os.walk(os.path.join(out, "content")):
        for name in files:
            if name.endswith(f".{lang}.md"):
                main = name[: -len(f".{lang}.md")] + ".md"
                os.replace(os.path.join(folder, main),
                           os.path.join(folder, main[:-3] + f".{old}.md"))
                os.replace(os.path.join(folder, name), os.path.join(folder, main))


def main():
    args = sys.argv[1:]
    posters = "--no-posters" not in args
    search = "--no-search" not in args
    args = [a for a in args if a not in ("--no-posters", "--no-search")]
    out, n = args[0], int(args[1])
    lang = args[3] if len(args) > 3 and args[2] == "--main-lang" else None
    if os.path.exists(out):
        shutil.rmtree(out)
    os.makedirs(out)
    shutil.copy(os.path.join(SAMPLE, "site.yaml"), out)
    shutil.copytree(os.path.join(SAMPLE, "content"), os.path.join(out, "content"))
    if lang:
        make_main(out, lang)
    if not posters:
        with open(os.path.join(out, "site.yaml"), "a", encoding="utf-8") as f:
            f.write("posters: false\n")
    if not search:
        with open(os.path.join(out, "site.yaml"), "a", encoding="utf-8") as f:
            f.write("search: false\n")
    lessons_dir = os.path.join(out, "content", "lessons")
    samples = []
    for cat in sorted(os.listdir(lessons_dir)):
        for name in sorted(os.listdir(os.path.join(lessons_dir, cat))):
            if name.endswith(".md") and name.count(".") == 1:
                with open(os.path.join(lessons_dir, cat, name), encoding="utf-8") as f:
                    samples.append((cat, f.read()))
    rng = random.Random(42)
    tags = ["home", "children", "elderly", "winter", "summer", "workplace", "kitchen",
            "electricity", "gas", "driving", "first-aid", "school", "market", "storage"]
    for i in range(n):
        cat, text = samples[i % len(samples)]
        _, fm, body = text.split("---\n", 2)
        fm = re.sub(r'^title: .*$', f'title: "Generated lesson {i}: ' + cat + '"', fm, flags=re.M)
        fm = re.sub(r'^date: .*$', f"date: 2025-{1 + i % 12:02d}-{1 + i % 28:02d}", fm, flags=re.M)
        fm = re.sub(r'^updated: .*\n', "", fm, flags=re.M)
        fm = re.sub(r'^weight: .*\n', "", fm, flags=re.M)
        fm = re.sub(r'^tags: .*$', "tags: [" + ", ".join(rng.sample(tags, 3)) + "]", fm, flags=re.M)
        path = os.path.join(out, "content", "lessons", cat, f"generated-{i:05d}.md")
        with open(path, "w", encoding="utf-8") as f:
            f.write("---\n" + fm + "---\n" + body)


if __name__ == "__main__":
    main()
