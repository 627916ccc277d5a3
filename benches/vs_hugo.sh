#!/usr/bin/env bash
# Full-build comparison with Hugo (Debian's `hugo` package) on the same generated content.
# Usage: benches/vs_hugo.sh [N] [RUNS]   (default 10000 extra lessons, 3 runs)
#
# Hugo gets minimal layouts (a base, a page, a paginated list, taxonomies) while safepress
# builds with its full theme, so the comparison flatters Hugo. Both build into an existing
# output folder ("warm") and into an empty one ("cold"); medians are printed with their ratio.
set -euo pipefail
cd "$(dirname "$0")/.."
. benches/lib.sh
n=${1:-10000}
runs=${2:-3}
command -v hugo >/dev/null || { echo "install Debian's hugo first: apt-get install hugo" >&2; exit 1; }
cargo build --release --quiet
bin=$PWD/target/release/safepress
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 benches/gen_site.py "$work/sp" "$n"

# The same Markdown files as a Hugo site.
mkdir -p "$work/hugo/layouts/_default"
cp -r "$work/sp/content" "$work/hugo/content"
# safepress-only link syntax would make Hugo's link checks irrelevant; plain text is fine.
cat > "$work/hugo/hugo.toml" <<'TOML'
baseURL = "https://safety.example/"
title = "Riverside City Safety"
disableKinds = ["RSS"]
[pagination]
  pagerSize = 10
[taxonomies]
  tag = "tags"
  audience = "audience"
[markup.goldmark.renderer]
  unsafe = false
TOML
cat > "$work/hugo/layouts/_default/baseof.html" <<'HTML'
<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{{ .Title }} · {{ site.Title }}</title></head>
<body><header><a href="/">{{ site.Title }}</a></header><main>{{ block "main" . }}{{ end }}</main></body></html>
HTML
cat > "$work/hugo/layouts/_default/single.html" <<'HTML'
{{ define "main" }}<article><h1>{{ .Title }}</h1><time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "2 January 2006" }}</time>
{{ with .TableOfContents }}<nav>{{ . }}</nav>{{ end }}{{ .Content }}
<ul>{{ range .Params.tags }}<li><a href="/tags/{{ . | urlize }}/">{{ . }}</a></li>{{ end }}</ul></article>{{ end }}
HTML
cat > "$work/hugo/layouts/_default/list.html" <<'HTML'
{{ define "main" }}<h1>{{ .Title }}</h1>{{ $p := .Paginate .Pages }}
{{ range $p.Pages }}<article><h2><a href="{{ .RelPermalink }}">{{ .Title }}</a></h2><p>{{ .Summary | plainify }}</p></article>{{ end }}
{{ with $p.Next }}<a href="{{ .URL }}">Next</a>{{ end }}{{ end }}
HTML


sp_cold=$(clean="$work/sp/public" median "$bin" build --root "$work/sp")
sp_warm=$(median "$bin" build --root "$work/sp")
hugo_cold=$(clean="$work/hugo/public" median hugo --source "$work/hugo" --quiet)
hugo_warm=$(median hugo --source "$work/hugo" --quiet)
sp_pages=$(find "$work/sp/public" -name '*.html' | wc -l)
hugo_pages=$(find "$work/hugo/public" -name '*.html' | wc -l)
echo "$n generated lessons; safepress $sp_pages HTML pages, hugo $hugo_pages HTML pages"
echo "cold (empty output): safepress ${sp_cold} ms, hugo ${hugo_cold} ms, ratio $(awk "BEGIN {printf \"%.2f\", $sp_cold/$hugo_cold}")"
echo "warm (same output):  safepress ${sp_warm} ms, hugo ${hugo_warm} ms, ratio $(awk "BEGIN {printf \"%.2f\", $sp_warm/$hugo_warm}")"
