#!/usr/bin/env python3
"""Generate a large, deterministic safepress site for benchmarks.

Usage: gen_site.py OUT_DIR N_LESSONS [--main-lang LANG] [--no-posters] [--no-search]

Copies site.yaml and content/ of the sample site in this repository (or of the site folder in
$SAFEPRESS_SAMPLE), then adds N_LESSONS lessons spread over the seven categories and about one
announcement per ten lessons (N_LESSONS // 10, at least one).

The corpus is a city's: Chinese first (`x.md`), with an English translation (`x.en.md`) for every
other lesson and announcement. Bodies have headings (with `{#id}` anchors), lists, ordered lists,
tables, callouts, task lists, footnotes and internal links (`@/lessons/…md` and `…md#before`, always
to lessons that exist). Front matter uses every field of README's reference: summary, updated,
tags, audience, key points, steps, quiz, weight, slug, campaigns (the ids in site.yaml), poster,
draft for lessons; urgency, level, expires, updated, category, region, summary, campaigns and
draft for announcements, with one scheduled (dated after the benchmark's clock). At the
benchmark's clock (NOW below, the `--now` every bench script passes) most announcements have
expired and only a handful are current and urgent (the banner on every page).

Deterministic: no clock, no unseeded randomness; each item's text comes from a RNG seeded by its
index, so the same N gives a byte-identical tree (and lesson i is the same file for every N).
Sentences come from the sample site's own lessons, so the language mix and lengths are real.

--main-lang LANG makes LANG the main language first: each `<name>.LANG.md` translation becomes
`<name>.md` and the file it translated `<name>.<old main>.md` (for a sample written in another
language first). --no-posters writes `posters: false` into site.yaml (no print poster per
lesson), --no-search writes `search: false` (no search index).
"""
import datetime
import os
import random
import re
import shutil
import sys

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SAMPLE = os.environ.get("SAFEPRESS_SAMPLE") or REPO

# The benchmark's clock: what every bench script passes as `--now` (and Hugo's `--clock`).
NOW = datetime.datetime(2026, 11, 29, 12, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=8)))

# Per category: topics as (slug, Chinese, English).
TOPICS = {
    "fire": [("e-bike-fire", "电动自行车火灾", "e-bike fires"), ("kitchen-fire", "厨房用火", "kitchen fires"),
             ("escape", "火场逃生", "escaping a fire"), ("extinguishers", "灭火器材", "fire extinguishers"),
             ("high-rise-fire", "高层住宅防火", "high-rise fire safety")],
    "traffic": [("e-bike-riding", "电动自行车骑行", "e-bike riding"), ("crossing", "过马路", "crossing the road"),
                ("car-seats", "儿童安全座椅", "child car seats"), ("night-driving", "夜间驾驶", "driving at night"),
                ("school-run", "上学路上", "the school run")],
    "hazardous-chemicals": [("cleaners", "家用清洁剂", "household cleaners"), ("pesticides", "农药", "pesticides"),
                            ("leaks", "化学品泄漏", "chemical leaks"), ("gas-cylinders", "气瓶", "gas cylinders")],
    "construction": [("scaffolding", "脚手架", "scaffolding"), ("renovation", "家庭装修", "home renovation"),
                     ("cranes", "塔吊作业", "tower cranes"), ("trenches", "基坑作业", "trenches")],
    "urban-safety": [("gas", "燃气使用", "using gas"), ("lifts", "电梯", "lifts"), ("floods", "城市内涝", "urban floods"),
                     ("heating", "冬季取暖", "winter heating"), ("balconies", "阳台坠物", "falling objects from balconies")],
    "industry-trade": [("confined", "有限空间", "confined spaces"), ("dust", "粉尘防爆", "dust explosions"),
                       ("machinery", "机械伤害", "machine injuries"), ("warehouses", "仓储安全", "warehouse safety")],
    "food-drug": [("storage", "食品储存", "storing food"), ("mushrooms", "野生菌", "wild mushrooms"),
                  ("medicine", "家庭用药", "medicines at home"), ("labels", "食品标签", "food labels")],
}
TITLE_FORMS = [("{t}：你需要知道的几件事（第{n}期）", "{t}: what you need to know (no. {n})"),
               ("{t}常见误区（第{n}期）", "Common mistakes about {t} (no. {n})"),
               ("社区课堂：{t}（第{n}期）", "Community class: {t} (no. {n})"),
               ("{t}安全要点（第{n}期）", "Staying safe: {t} (no. {n})")]
TAGS = {"zh": ["家庭", "儿童", "老年人", "冬季", "夏季", "工作场所", "厨房", "用电", "燃气", "驾驶",
               "急救", "学校", "市场", "储存", "夜间", "高层住宅", "社区", "节假日", "农村", "出行"],
        "en": ["home", "children", "older people", "winter", "summer", "workplace", "kitchen",
               "electricity", "gas", "driving", "first aid", "school", "market", "storage", "night",
               "high-rise", "community", "holidays", "countryside", "travel"]}
AUDIENCES = {"zh": ["居民", "老年人", "家长", "学生", "企业职工", "驾驶人", "商户"],
             "en": ["residents", "older people", "parents", "students", "workers", "drivers", "shop owners"]}
HEADINGS = {"zh": [("before", "事前预防"), ("during", "发生时怎么办"), ("after", "事后处理")],
            "en": [("before", "Before"), ("during", "When it happens"), ("after", "Afterwards")]}
SUBHEADINGS = {"zh": ["常见情形", "特别提醒", "老人和孩子", "在单位", "在家里"],
               "en": ["Common situations", "A special reminder", "Older people and children", "At work", "At home"]}
TABLE = {"zh": ("情形", "怎么做", "电话"), "en": ("Situation", "What to do", "Call")}
CALLOUTS = ["TIP", "NOTE", "IMPORTANT", "WARNING", "CAUTION"]
QUIZ_Q = {"zh": ["关于{t}，下面哪种做法是对的？", "遇到{t}方面的危险，第一步应该做什么？"],
          "en": ["About {t}, which of these is right?", "Faced with a danger from {t}, what comes first?"]}
REGIONS = {"zh": ["江滨市各区", "城北区", "江心洲", "老城区各街道", "开发区", "沿江低洼地区"],
           "en": ["All Riverside districts", "North district", "River Island", "Old town streets",
                  "The development zone", "Low-lying riverside areas"]}
EVENTS = {"zh": ["暴雨", "大风", "高温", "寒潮", "大雾", "道路结冰", "森林火险"],
          "en": ["rainstorm", "gale", "heat", "cold wave", "fog", "icy roads", "forest fire"]}
LEVEL_WORDS = {"zh": {"blue": "蓝色", "yellow": "黄色", "orange": "橙色", "red": "红色"},
               "en": {"blue": "blue", "yellow": "yellow", "orange": "orange", "red": "red"}}
NOTICES = {"zh": ["关于开展{t}专项检查的通知", "{t}宣传活动安排", "{t}提示", "近期{t}事故情况通报"],
           "en": ["Inspections of {t}", "Public talks on {t}", "A reminder about {t}",
                  "Recent accidents: {t}"]}
CATS = list(TOPICS)


def harvest(sample_content):
    """Sentences, paragraphs and list items of the sample lessons, per language (plain ones only)."""
    paras = {"zh": [], "en": []}
    items = {"zh": [], "en": []}
    root = os.path.join(sample_content, "lessons")
    for cat in sorted(os.listdir(root)):
        for name in sorted(os.listdir(os.path.join(root, cat))):
            if not name.endswith(".md"):
                continue
            lang = "en" if name.endswith(".en.md") else "zh"
            with open(os.path.join(root, cat, name), encoding="utf-8") as f:
                body = f.read().split("---\n", 2)[2]
            for line in body.splitlines():
                s = line.strip()
                if not s or "@/" in s or "](" in s or "[^" in s or "|" in s or "{#" in s:
                    continue
                if s.startswith("- "):
                    if "**" not in s and not s.startswith("- ["):
                        items[lang].append(s[2:])
                elif s[0] not in "#>|*" and not s[0].isdigit():
                    paras[lang].append(s)
    short = {lang: [s for s in items[lang] if len(s) <= (24 if lang == "zh" else 60)] for lang in items}
    return paras, items, short


def campaign_ids(site_yaml):
    block = re.search(r"^campaigns:\n((?:[ -].*\n)+)", site_yaml, flags=re.M)
    return re.findall(r"^  - id: *(\S+)", block.group(1), flags=re.M) if block else []


def lesson_file(i):
    """(category, file stem, slug or None) of generated lesson i, for every N."""
    cat = CATS[i % len(CATS)]
    topic = TOPICS[cat][(i // len(CATS)) % len(TOPICS[cat])]
    stem = f"{topic[0]}-{i:05d}"
    slug = f"{topic[0]}-guide-{i:05d}" if i % 40 == 17 else None
    return cat, topic, stem, slug


def q(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def ylist(xs):
    return "[" + ", ".join(q(x) for x in xs) + "]"


def link_text(lang, j):
    _, topic, _, _ = lesson_file(j)
    return topic[1] if lang == "zh" else topic[2]


def body(rng, lang, pools, links, heading_links, hotlines, footnote):
    """A lesson or announcement body of realistic Markdown."""
    paras, items, _ = pools
    p = paras[lang]
    it = items[lang]
    sep = "" if lang == "zh" else " "
    out = [sep.join(rng.sample(p, 2)), ""]
    for k, (hid, title) in enumerate(HEADINGS[lang]):
        out += [f"## {title} {{#{hid}}}", "", rng.choice(p), ""]
        if k == 0:
            out += ["- " + x for x in rng.sample(it, 4)] + [""]
            kind = rng.choice(CALLOUTS)
            out += [f"> [!{kind}]", "> " + rng.choice(p), ""]
        elif k == 1:
            out += [f"{n + 1}. {x}" for n, x in enumerate(rng.sample(it, 3))] + [""]
            head = TABLE[lang]
            out += [f"| {head[0]} | {head[1]} | {head[2]} |", "|---|---|---|"]
            for x, y in zip(rng.sample(it, 3), rng.sample(it, 3)):
                out.append(f"| {x} | {y} | {rng.choice(hotlines)} |")
            out += ["", f"### {rng.choice(SUBHEADINGS[lang])}", "", rng.choice(p), ""]
        else:
            out += ["- [ ] " + x for x in rng.sample(it, 2)] + [""]
    if links:
        words = ("延伸阅读：", "、", "。") if lang == "zh" else ("Read also: ", ", ", ".")
        parts = [f"[{link_text(lang, j)}](@/{path}.md)" for j, path in links]
        parts += [f"[{link_text(lang, j)}](@/{path}.md#{hid})" for j, path, hid in heading_links]
        out += [words[0] + words[1].join(parts) + words[2], ""]
    if footnote:
        note = ("资料来源：江滨市安全宣传办公室。" if lang == "zh"
                else "Source: Riverside City Safety Office.")
        out[-2] += "[^src]"
        out += [f"[^src]: {note}", ""]
    return "\n".join(out).rstrip("\n") + "\n"


def day(d):
    return d.strftime("%Y-%m-%d")


def moment(d):
    return d.isoformat()


def lesson(i, n, lang, pools, campaigns, hotlines):
    """The text of generated lesson i in `lang` (its RNG is seeded by i and the language)."""
    rng = random.Random(f"lesson-{i}-{lang}")
    same = random.Random(f"lesson-{i}")  # choices both languages share
    cat, topic, stem, slug = lesson_file(i)
    t = topic[1] if lang == "zh" else topic[2]
    zh_form, en_form = same.choice(TITLE_FORMS)
    title = (zh_form if lang == "zh" else en_form).format(t=t, n=i)
    # Lessons with a slug of their own are old, so a site's newest lessons keep their file name.
    age = (i * 7919) % 2900 + (1000 if slug else 0)
    date = NOW - datetime.timedelta(days=age + 1)
    _, _, short = pools
    fm = [f"title: {q(title)}", f"date: {day(date)}"]
    if i % 5 == 1:
        # Never after the bench clock: an update in the future is a mistake, not a corpus.
        updated = min(date + datetime.timedelta(days=1 + i % 30), NOW - datetime.timedelta(days=1))
        fm.append(f"updated: {day(updated)}")
    if i % 2 == 1:
        fm.append(f"summary: {q(rng.choice(pools[0][lang]))}")
    tag_idx = same.sample(range(len(TAGS["zh"])), 2 + i % 3)
    fm.append(f"tags: {ylist([TAGS[lang][k] for k in tag_idx])}")
    if i % 4 != 3:
        aud = same.sample(range(len(AUDIENCES["zh"])), 1 + i % 2)
        fm.append(f"audience: {ylist([AUDIENCES[lang][k] for k in aud])}")
    if i % 3 != 2:
        fm.append("key_points:")
        fm += ["  - " + q(x) for x in rng.sample(short[lang], 3)]
    if i % 3 == 0:
        fm.append("steps:")
        fm.append(f"  before: {ylist(rng.sample(short[lang], 2))}")
        fm.append(f"  during: {ylist(rng.sample(short[lang], 2))}")
        fm.append(f"  after: {ylist(rng.sample(short[lang], 1))}")
    if i % 4 == 0:
        fm.append("quiz:")
        for k in range(2):
            options = rng.sample(short[lang], 3)
            fm.append(f"  - question: {q(QUIZ_Q[lang][k].format(t=t))}")
            fm.append(f"    options: {ylist(options)}")
            fm.append(f"    answer: {1 + rng.randrange(3)}")
            fm.append(f"    explanation: {q(rng.choice(short[lang]))}")
    if i % 25 == 3:
        fm.append(f"weight: {1 + i % 5}")
    if slug:
        fm.append(f"slug: {slug}")
    if campaigns and i % 11 == 5:
        fm.append(f"campaigns: [{campaigns[i % len(campaigns)]}]")
    if i % 30 == 11:
        fm.append("poster: false")
    if i % 500 == 499:
        fm.append("draft: true")
    # Links go to earlier lessons (or sample lessons for the first few): they always exist.
    links, heading_links = [], []
    if i >= 3:
        for j in same.sample(range(i), min(2, i)):
            c, _, s, _ = lesson_file(j)
            links.append((j, f"lessons/{c}/{s}"))
        j = same.randrange(i)
        c, _, s, _ = lesson_file(j)
        heading_links.append((j, f"lessons/{c}/{s}", same.choice(["before", "during", "after"])))
    if any(i % 500 == 499 for i, *_ in links + heading_links):
        links, heading_links = [], []  # no links to drafts
    text = body(rng, lang, pools, links, heading_links, hotlines, footnote=i % 6 == 0)
    path = os.path.join("lessons", cat, stem + (".en.md" if lang == "en" else ".md"))
    return path, "---\n" + "\n".join(fm) + "\n---\n" + text


def announcement(k, m, n, lang, pools, campaigns, hotlines):
    """Generated announcement k of m in `lang`; at most about one a day, newest last."""
    rng = random.Random(f"announcement-{k}-{lang}")
    same = random.Random(f"announcement-{k}")
    cat = CATS[k % len(CATS)]
    topic = TOPICS[cat][(k // len(CATS)) % len(TOPICS[cat])]
    span = max(400, m)
    date = NOW - datetime.timedelta(days=(m - 1 - k) * span // m, hours=(k % 10))
    if m > 2 and k == m // 2:
        date = NOW + datetime.timedelta(days=6)  # scheduled: not published yet
    expires = date + datetime.timedelta(days=3 + k % 28)
    current = day(expires) > day(NOW)
    # Urgency on the four-colour scale; only the newest few current ones stay urgent.
    kind = k % 20
    level, urgency = None, "info"
    if kind in (11, 12, 13, 14):
        urgency = "warning"
    elif kind in (15, 16):
        level = "blue"
    elif kind == 17:
        level = "yellow"
    elif kind == 18:
        level = "orange"
    elif kind == 19:
        level, urgency = ("red", "urgent") if k % 40 == 39 else (None, "urgent")
    if current and (level in ("orange", "red") or urgency == "urgent") and m - 1 - k >= 40:
        level, urgency = ("yellow", "warning") if level else (None, "warning")
    t = topic[1] if lang == "zh" else topic[2]
    if level:
        event = EVENTS[lang][k % len(EVENTS[lang])]
        word = LEVEL_WORDS[lang][level]
        title = (f"{event}{word}预警（{k}）" if lang == "zh"
                 else f"{event.capitalize()} {word} warning ({k})")
    else:
        title = rng.choice(NOTICES[lang]).format(t=t) + (f"（{k}）" if lang == "zh" else f" ({k})")
    fm = [f"title: {q(title)}", f"date: {moment(date)}"]
    if k % 7 == 3 and date + datetime.timedelta(days=1) < NOW:
        fm.append(f"updated: {moment(date + datetime.timedelta(days=1))}")
    if level:
        fm.append(f"level: {level}")
    if not level and (urgency != "info" or k % 3 == 0):
        fm.append(f"urgency: {urgency}")
    fm.append(f"expires: {day(expires)}")
    if k % 5 != 4:
        fm.append(f"category: {cat}")
    fm.append(f"region: {q(REGIONS[lang][k % len(REGIONS[lang])])}")
    if k % 2 == 0:
        fm.append(f"summary: {q(rng.choice(pools[0][lang]))}")
    if campaigns and k % 9 == 4:
        fm.append(f"campaigns: [{campaigns[k % len(campaigns)]}]")
    if m > 3 and k == m // 3:
        fm.append("draft: true")
    links = []
    for j in same.sample(range(n), min(2, n)):
        if j % 500 != 499:
            c, _, s, _ = lesson_file(j)
            links.append((j, f"lessons/{c}/{s}"))
    text = body(rng, lang, pools, links, [], hotlines, footnote=False)
    stem = f"{cat}-notice-{k:05d}"
    path = os.path.join("announcements", stem + (".en.md" if lang == "en" else ".md"))
    return path, "---\n" + "\n".join(fm) + "\n---\n" + text


def generate(out, n):
    """Adds n lessons and n // 10 announcements to the copied site at `out`."""
    with open(os.path.join(out, "site.yaml"), encoding="utf-8") as f:
        site = f.read()
    campaigns = campaign_ids(site)
    hotlines = re.findall(r'^  - number: *"?(\d+)', site, flags=re.M) or ["110"]
    pools = harvest(os.path.join(SAMPLE, "content"))
    files = []
    for i in range(n):
        for lang in ("zh", "en") if i % 2 == 0 else ("zh",):
            files.append(lesson(i, n, lang, pools, campaigns, hotlines))
    m = max(1, n // 10)
    for k in range(m):
        for lang in ("zh", "en") if k % 2 == 0 else ("zh",):
            files.append(announcement(k, m, n, lang, pools, campaigns, hotlines))
    for path, text in files:
        full = os.path.join(out, "content", path)
        os.makedirs(os.path.dirname(full), exist_ok=True)
        with open(full, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)


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
    if len(args) < 2:
        sys.exit(__doc__)
    out, n = args[0], int(args[1])
    lang = args[3] if len(args) > 3 and args[2] == "--main-lang" else None
    if os.path.exists(out):
        shutil.rmtree(out)
    os.makedirs(out)
    shutil.copy(os.path.join(SAMPLE, "site.yaml"), out)
    shutil.copytree(os.path.join(SAMPLE, "content"), os.path.join(out, "content"))
    generate(out, n)
    if lang:
        make_main(out, lang)
    if not posters:
        with open(os.path.join(out, "site.yaml"), "a", encoding="utf-8") as f:
            f.write("posters: false\n")
    if not search:
        with open(os.path.join(out, "site.yaml"), "a", encoding="utf-8") as f:
            f.write("search: false\n")


if __name__ == "__main__":
    main()
