#!/usr/bin/env python3
"""Generate a large safepress site for benchmarks.

Usage: gen_site.py OUT_DIR N_LESSONS

Copies site.yaml and content/ of the sample site in this repository, then adds N_LESSONS
lessons spread over the seven categories. Each generated lesson reuses the body of a real
sample lesson (so Markdown features, tables and callouts are representative) with a unique
title, slug, date and tag mix. Internal links are rewritten to stay valid.
"""
import os
import random
import re
import shutil
import sys

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def main():
    out, n = sys.argv[1], int(sys.argv[2])
    if os.path.exists(out):
        shutil.rmtree(out)
    os.makedirs(out)
    shutil.copy(os.path.join(REPO, "site.yaml"), out)
    shutil.copytree(os.path.join(REPO, "content"), os.path.join(out, "content"))
    lessons_dir = os.path.join(REPO, "content", "lessons")
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
