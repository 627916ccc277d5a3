#!/usr/bin/env python3
"""Make a Hugo site from a safepress site folder (e.g. one made by gen_site.py), for compare.py.

Usage: hugo_site.py SAFEPRESS_SITE HUGO_SITE

The Hugo site has the same Markdown files (content/ copied as it is: Hugo reads the YAML front
matter, `x.en.md` is the English version of `x.md`) and the default theme's static files, with
Hugo multilingual like safepress: zh (main, at /) and en (at /en/). Its layouts are modest but
make the same kinds of pages: lesson and announcement pages, the lessons index, category pages
paginated by `paginate` (10), tag and audience pages paginated, the tags index, the current
announcements and the archive, the home page, plain pages at /<name>/, a 404 page per language,
an RSS feed per language (30 newest, like safepress's Atom feed) and one of announcements, a
sitemap and robots.txt. Every page has the header, navigation, the banner of current urgent
announcements and the hotlines in the footer, as safepress's do. Listings in one language also
show the pages that exist only in the other one (as safepress's fallbacks do); tag and audience
pages are per language, as in safepress.

Added to the copy (Hugo needs them, safepress does not have them): an `_index.md` and
`_index.en.md` per section (lessons, each category, announcements, the archive, pages) with the
title and, for announcements, an RSS output. Nothing in the Markdown files is changed:
safepress's `@/…md` links stay as written (Hugo prints them as they are; it does not check them),
callouts render as block quotes and `{#id}` heading anchors are Hugo's own syntax.

Not made by Hugo (safepress makes them; compare.py counts them apart): lesson posters, CAP
alerts and the CAP feed, campaign pages, the search pages (off in the comparison) and
`.safepress-output`. Hugo makes a few extra files safepress does not: `page/1/` redirects of
paginated lists, an /audience/ index and a sitemap index with one sitemap per language.
"""
import json
import os
import re
import shutil
import sys

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

LAYOUTS = {
    "_default/baseof.html": """<!DOCTYPE html>
<html lang="{{ site.Language.Lang }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ if not .IsHome }}{{ .Title }} · {{ end }}{{ site.Title }}</title>
<meta name="description" content="{{ if .IsPage }}{{ .Summary | plainify | truncate 120 }}{{ else }}{{ site.Params.description }}{{ end }}">
<link rel="canonical" href="{{ .Permalink }}">
{{- range .AllTranslations }}
<link rel="alternate" hreflang="{{ .Language.Lang }}" href="{{ .Permalink }}">
{{- end }}
<link rel="stylesheet" href="/css/style.css">
<link rel="icon" href="/favicon.svg">
</head>
<body>
<header class="site-header">
<a class="site-title" href="{{ site.Home.RelPermalink }}">{{ site.Title }}</a>
{{ partialCached "nav.html" . site.Language.Lang }}
{{- range .Translations }}
<a class="lang" hreflang="{{ .Language.Lang }}" href="{{ .RelPermalink }}">{{ .Language.LanguageName }}</a>
{{- end }}
</header>
{{ partialCached "banner.html" . site.Language.Lang }}
<main id="main">{{ block "main" . }}{{ end }}</main>
{{ partialCached "footer.html" . site.Language.Lang }}
</body>
</html>
""",
    "partials/nav.html": """<nav aria-label="main"><ul>
{{- with site.GetPage "/lessons" }}
<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>
{{- range .Sections }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}
{{- end }}
{{- with site.GetPage "/announcements" }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}
<li><a href="{{ "tags/" | relLangURL }}">{{ site.Params.tagsTitle }}</a></li>
{{- range where site.RegularPages "Section" "pages" }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}
</ul></nav>""",
    # The current urgent announcements (urgency: urgent, or an orange or red level), newest first.
    "partials/banner.html": """{{- $items := slice }}
{{- with site.GetPage "/announcements" }}
{{- range partialCached "pages.html" . .RelPermalink }}
{{- $urgent := or (eq .Params.urgency "urgent") (in (slice "orange" "red") .Params.level) }}
{{- if and $urgent (partial "current.html" .) }}{{ $items = $items | append . }}{{ end }}
{{- end }}
{{- end }}
{{- with $items }}
<section class="urgent-banner" aria-label="urgent"><ul>
{{- range . }}
<li><a href="{{ .RelPermalink }}">{{ .Title }}</a><p>{{ .Summary | plainify | truncate 120 }}</p></li>
{{- end }}
</ul></section>
{{- end }}""",
    "partials/current.html": """{{- $current := true }}
{{- with .Params.expires }}{{ $current = (time .).After now }}{{ end }}
{{- return $current }}""",
    # A section's pages in this language and those of its translations that exist only there.
    "partials/pages.html": """{{- $pages := .RegularPages }}
{{- range .Translations }}{{ range .RegularPages }}{{ if not .IsTranslated }}{{ $pages = $pages | append . }}{{ end }}{{ end }}{{ end }}
{{- return $pages.ByWeight }}""",
    "partials/footer.html": """<footer class="site-footer">
<h2>{{ site.Params.hotlinesTitle }}</h2>
<ul>{{ range site.Params.hotlines }}<li><a href="tel:{{ .number }}">{{ .number }}</a> {{ .name }}</li>{{ end }}</ul>
<p><a href="{{ "index.xml" | relLangURL }}">RSS</a> · {{ site.Title }}</p>
</footer>""",
    "partials/card.html": """<article class="card">
<h2><a href="{{ .RelPermalink }}">{{ .Title }}</a></h2>
<p><time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "2006-01-02" }}</time>
{{- if ne .Language.Lang site.Language.Lang }} <span lang="{{ .Language.Lang }}">({{ .Language.LanguageName }})</span>{{ end }}</p>
<p>{{ .Summary | plainify | truncate 120 }}</p>
</article>""",
    "partials/pager.html": """{{- if gt .TotalPages 1 }}
<nav class="pager">
{{- with .Prev }}<a rel="prev" href="{{ .URL }}">←</a>{{ end }}
<span>{{ .PageNumber }} / {{ .TotalPages }}</span>
{{- with .Next }}<a rel="next" href="{{ .URL }}">→</a>{{ end }}
</nav>
{{- end }}""",
    "_default/single.html": """{{ define "main" }}<article class="{{ .Section }}">
<h1>{{ .Title }}</h1>
<p class="meta"><time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "2006-01-02" }}</time>
{{- if ne .Lastmod .Date }} <time datetime="{{ .Lastmod.Format "2006-01-02" }}">{{ .Lastmod.Format "2006-01-02" }}</time>{{ end }}
· {{ .ReadingTime }} min{{ with .Params.level }} · {{ . }}{{ end }}{{ with .Params.region }} · {{ . }}{{ end }}</p>
{{- with .Params.summary }}<p class="lead">{{ . }}</p>{{ end }}
{{- with .Params.key_points }}<section class="key-points"><ul>{{ range . }}<li>{{ . }}</li>{{ end }}</ul></section>{{ end }}
{{- with .Params.steps }}<section class="steps">
{{- with .before }}<h2>1</h2><ol>{{ range . }}<li>{{ . }}</li>{{ end }}</ol>{{ end }}
{{- with .during }}<h2>2</h2><ol>{{ range . }}<li>{{ . }}</li>{{ end }}</ol>{{ end }}
{{- with .after }}<h2>3</h2><ol>{{ range . }}<li>{{ . }}</li>{{ end }}</ol>{{ end }}
</section>{{ end }}
{{- with .TableOfContents }}<nav class="toc">{{ . }}</nav>{{ end }}
<div class="body">{{ .Content }}</div>
{{- with .Params.quiz }}<section class="quiz">
{{- range $i, $q := . }}<fieldset><legend>{{ $q.question }}</legend><ol>{{ range $q.options }}<li>{{ . }}</li>{{ end }}</ol>
<details><summary>?</summary><p>{{ $q.answer }}. {{ $q.explanation }}</p></details></fieldset>{{ end }}
</section>{{ end }}
{{- with .GetTerms "tags" }}<ul class="tags">{{ range . }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>{{ end }}</ul>{{ end }}
{{- with .GetTerms "audience" }}<ul class="audience">{{ range . }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>{{ end }}</ul>{{ end }}
<nav class="neighbours">{{ with .PrevInSection }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }} {{ with .NextInSection }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}</nav>
</article>{{ end }}
""",
    "_default/list.html": """{{ define "main" }}<h1>{{ .Title }}</h1>
{{- if .Sections }}
<ul class="categories">{{ range .Sections }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> ({{ len (partialCached "pages.html" . .RelPermalink) }})</li>{{ end }}</ul>
{{- else }}
{{- $pager := .Paginate (partialCached "pages.html" . .RelPermalink) }}
{{- range $pager.Pages }}{{ partial "card.html" . }}{{ end }}
{{- partial "pager.html" $pager }}
{{- end }}{{ end }}
""",
    # Current announcements (not paginated, as in safepress), newest first.
    "announcements/list.html": """{{ define "main" }}<h1>{{ .Title }}</h1>
{{- range (partialCached "pages.html" . .RelPermalink).ByDate.Reverse }}{{ if partial "current.html" . }}{{ partial "card.html" . }}{{ end }}{{ end }}
{{- with .GetPage "archive" }}<p><a href="{{ .RelPermalink }}">{{ .Title }}</a></p>{{ end }}
{{ end }}
""",
    # Expired announcements (not paginated, as in safepress), newest first.
    "announcements/archive.html": """{{ define "main" }}<h1>{{ .Title }}</h1>
{{- range (partialCached "pages.html" .Parent .Parent.RelPermalink).ByDate.Reverse }}{{ if not (partial "current.html" .) }}{{ partial "card.html" . }}{{ end }}{{ end }}
{{ end }}
""",
    "_default/taxonomy.html": """{{ define "main" }}<h1>{{ .Title }}</h1>
<ul class="terms">{{ range .Data.Terms.ByCount }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> ({{ .Count }})</li>{{ end }}</ul>
{{ end }}
""",
    "_default/term.html": """{{ define "main" }}<h1>{{ .Title }}</h1>
{{- $pager := .Paginate .Pages.ByDate.Reverse }}
{{- range $pager.Pages }}{{ partial "card.html" . }}{{ end }}
{{- partial "pager.html" $pager }}
{{ end }}
""",
    "index.html": """{{ define "main" }}<h1>{{ site.Title }}</h1>
<section><h2>{{ with site.GetPage "/announcements" }}{{ .Title }}{{ end }}</h2>
{{- with site.GetPage "/announcements" }}{{ range first 5 (partialCached "pages.html" . .RelPermalink).ByDate.Reverse }}{{ partial "card.html" . }}{{ end }}{{ end }}
</section>
<section><h2>{{ with site.GetPage "/lessons" }}{{ .Title }}{{ end }}</h2>
{{- range first 6 (where site.RegularPages "Section" "lessons").ByDate.Reverse }}{{ partial "card.html" . }}{{ end }}
</section>
<section><ul>{{ with site.GetPage "/lessons" }}{{ range .Sections }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}{{ end }}</ul></section>
{{ end }}
""",
    "404.html": """{{ define "main" }}<h1>404</h1><p><a href="{{ site.Home.RelPermalink }}">{{ site.Title }}</a></p>{{ end }}
""",
}


def texts(yaml, key):
    """{'zh': …, 'en': …} of a `key: {zh: "…", en: "…"}` line of site.yaml."""
    m = re.search(rf'^{key}: *\{{zh: *"?([^",]+)"?, *en: *"?([^"}}]+)"?\}}', yaml, flags=re.M)
    return {"zh": m.group(1), "en": m.group(2)} if m else {"zh": key, "en": key}


def categories(yaml):
    """[(id, {'zh': name, 'en': name})] of site.yaml's categories, in order."""
    block = re.search(r"^categories:\n((?:[ #].*\n|\n)+)", yaml, flags=re.M).group(1)
    found = re.findall(r'^  - id: *(\S+)\n    name: *\{zh: *"([^"]+)", *en: *"([^"]+)"\}', block, flags=re.M)
    return [(cid, {"zh": zh, "en": en}) for cid, zh, en in found]


def hotlines(yaml):
    found = re.findall(r'^  - number: *"(\d+)"\n    name: *\{zh: *"([^"]+)", *en: *"([^"]+)"\}', yaml, flags=re.M)
    return {lang: [{"number": n, "name": names[k]} for n, *names in found]
            for k, lang in enumerate(("zh", "en"))}


def index(path, title, extra=""):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(f'---\ntitle: "{title}"\n{extra}---\n')


def make(sp, out):
    with open(os.path.join(sp, "site.yaml"), encoding="utf-8") as f:
        yaml = f.read()
    paginate = int((re.search(r"^paginate: *(\d+)", yaml, flags=re.M) or [0, 10])[1])
    base = re.search(r'^base_url: *"?([^"\s]+)', yaml, flags=re.M).group(1).rstrip("/") + "/"
    title = texts(yaml, "title")
    lines = hotlines(yaml)
    if os.path.exists(out):
        shutil.rmtree(out)
    shutil.copytree(os.path.join(sp, "content"), os.path.join(out, "content"))
    theme_static = os.path.join(REPO, "themes", "default", "static")
    shutil.copytree(theme_static, os.path.join(out, "static"))
    words = {"zh": {"lessons": "安全知识", "announcements": "公告", "archive": "往期公告", "pages": "页面",
                    "tags": "标签", "hotlines": "求助电话"},
             "en": {"lessons": "Lessons", "announcements": "Announcements", "archive": "Archive",
                    "pages": "Pages", "tags": "Tags", "hotlines": "Emergency numbers"}}
    content = os.path.join(out, "content")
    for lang, suffix in (("zh", ""), ("en", ".en")):
        w = words[lang]
        index(os.path.join(content, "lessons", f"_index{suffix}.md"), w["lessons"])
        for cid, names in categories(yaml):
            index(os.path.join(content, "lessons", cid, f"_index{suffix}.md"), names[lang])
        index(os.path.join(content, "announcements", f"_index{suffix}.md"), w["announcements"],
              "outputs: [html, rss]\n")
        index(os.path.join(content, "announcements", "archive", f"_index{suffix}.md"), w["archive"],
              "layout: archive\n")
        index(os.path.join(content, "pages", f"_index{suffix}.md"), w["pages"],
              "_build: {render: never, list: always}\n")
    config = {
        "baseURL": base,
        "title": title["zh"],
        "defaultContentLanguage": "zh",
        "defaultContentLanguageInSubdir": False,
        "hasCJKLanguage": True,
        "paginate": paginate,
        "rssLimit": 30,
        "enableRobotsTXT": True,
        "disableKinds": [],
        "taxonomies": {"tag": "tags", "audience": "audience"},
        "permalinks": {"pages": "/:filename/"},
        "frontmatter": {"lastmod": ["updated", ":default"]},
        "outputs": {"home": ["HTML", "RSS"], "section": ["HTML"], "taxonomy": ["HTML"],
                    "term": ["HTML"]},
        "markup": {"goldmark": {"renderer": {"unsafe": False},
                                "parser": {"attribute": {"title": True}},
                                "extensions": {"typographer": True, "footnote": True}}},
        "languages": {
            lang: {"weight": k + 1, "languageName": name, "title": title[lang],
                   "params": {"description": title[lang], "hotlines": lines[lang],
                              "hotlinesTitle": words[lang]["hotlines"],
                              "tagsTitle": words[lang]["tags"]}}
            for k, (lang, name) in enumerate((("zh", "中文"), ("en", "English")))
        },
    }
    with open(os.path.join(out, "hugo.json"), "w", encoding="utf-8") as f:
        json.dump(config, f, ensure_ascii=False, indent=1)
    for rel, text in LAYOUTS.items():
        path = os.path.join(out, "layouts", rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    make(sys.argv[1], sys.argv[2])
