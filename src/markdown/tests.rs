//! Unit tests of the Markdown stage.

use super::*;

/// Words for callouts and tasks, as a theme's strings would give them.
fn labels() -> Labels {
    let words = [
        "Note",
        "Tip",
        "Important",
        "Warning",
        "Caution",
        "Done",
        "Not done",
    ];
    Labels::from_strings(|key| Some(words[Labels::KEYS.iter().position(|k| *k == key)?]))
        .expect("every key has a word")
}

fn opts() -> MarkdownOptions {
    MarkdownOptions {
        smart_punctuation: true,
        asset_base: "/lessons/fire/".into(),
        content_dir: "lessons/fire".into(),
        root: "/".into(),
    }
}

#[test]
fn headings_get_unique_ids_and_toc() {
    let p = parse(
        "## Before

## Before

### Exits {#ways-out}

## 逃生
",
        &opts(),
    );
    let ids: Vec<_> = p.toc.iter().map(|h| h.id.as_str()).collect();
    assert_eq!(ids, ["before", "before-1", "ways-out", "逃生"]);
    let html = render(&p, &[], false, &labels());
    assert!(html.contains("<h2 id=\"before-1\">Before</h2>"), "{html}");
}

#[test]
fn internal_links_are_recorded_with_position_and_substituted() {
    let p = parse(
        "Intro\n\nSee [this](@/lessons/fire/a.md#types) and [that](b.md).\n",
        &opts(),
    );
    assert_eq!(p.links.len(), 2);
    assert_eq!(p.links[0].target, "lessons/fire/a.md");
    assert_eq!(p.links[0].anchor.as_deref(), Some("types"));
    assert_eq!((p.links[0].line, p.links[0].col), (3, 5));
    assert_eq!(p.links[1].target, "lessons/fire/b.md");
    let html = render(&p, &["/x/#types".into(), "/y/".into()], false, &labels());
    assert!(html.contains("href=\"/x/#types\""), "{html}");
    assert!(html.contains("href=\"/y/\""), "{html}");
}

#[test]
fn alerts_become_labelled_callouts() {
    let p = parse("> [!WARNING]\n> Never use water on oil.\n", &opts());
    let html = render(&p, &[], false, &labels());
    assert!(
        html.contains("<aside class=\"callout callout-warning\" aria-label=\"Warning\">"),
        "{html}"
    );
    assert!(html.contains("Never use water on oil."));
    assert!(p.first_paragraph.is_empty());
}

#[test]
fn raw_html_is_sanitized_unless_allowed() {
    let body = "Hi <script>alert(1)</script><b onclick=\"x()\">bold</b>\n\n<div onmouseover=\"y()\">d</div>\n";
    let p = parse(body, &opts());
    let clean = render(&p, &[], false, &labels());
    assert!(!clean.contains("<script"), "{clean}");
    assert!(!clean.contains("onclick"), "{clean}");
    assert!(!clean.contains("onmouseover"), "{clean}");
    assert!(clean.contains("<b>bold</b>"), "{clean}");
    assert!(render(&p, &[], true, &labels()).contains("<script>"));
}

#[test]
fn script_urls_and_relative_assets() {
    let p = parse("[x](javascript:alert(1)) ![d](diagram.png)\n", &opts());
    let html = render(&p, &[], false, &labels());
    assert!(html.contains("href=\"#\""), "{html}");
    assert!(html.contains("src=\"/lessons/fire/diagram.png\""), "{html}");
}

#[test]
fn task_list_checkboxes_have_names() {
    let p = parse("- [x] Test alarm\n- [ ] Replace battery\n", &opts());
    assert!(
        !p.raw_html,
        "our own markup is not raw HTML from the author"
    );
    let html = render(&p, &[], false, &labels());
    assert!(html.contains("checked=\"\" aria-label=\"Done\""), "{html}");
    assert!(html.contains("aria-label=\"Not done\""), "{html}");
}

#[test]
fn summary_words_and_reading_time() {
    let p = parse("> quote\n\nFirst *real*\nparagraph.\n\nSecond.\n", &opts());
    assert_eq!(p.first_paragraph, "First real paragraph.");
    assert_eq!(reading_minutes(&p), 1);
    let zh = parse("燃气泄漏时不要开灯。", &opts());
    assert_eq!(zh.count.cjk, 9);
}

#[test]
fn line_breaks_inside_chinese_add_no_space_to_the_summary() {
    let p = parse(
        "闻到燃气味时，\n不要开灯\nor use a phone\n燃气\n`119`。\n",
        &opts(),
    );
    assert_eq!(
        p.first_paragraph,
        "闻到燃气味时，不要开灯 or use a phone 燃气 119。"
    );
}

#[test]
fn reading_time_of_a_mixed_chinese_body_counts_characters_and_words() {
    // Per paragraph: 15 CJK characters and 2 words (`119`, `elevator`), read in the time of
    // 15 + 2 × 2 = 19 characters; 85 of them take 1,615 of 400 a minute.
    let para = "火灾发生时拨打`119`报警，不要乘坐*elevator*逃生。\n\n";
    let p = parse(&format!("## 提示\n\n{}", para.repeat(85)), &opts());
    assert_eq!(p.count.words, 170);
    assert_eq!(p.count.cjk, 85 * 15 + 2, "the heading is read too");
    assert_eq!(reading_minutes(&p), 5);
}

/// Parses rendered HTML as a fragment for CSS-selector assertions.
fn fragment(html: &str) -> scraper::Html {
    scraper::Html::parse_fragment(html)
}

/// The value of `attr` on every element matching `css`.
fn attrs(doc: &scraper::Html, css: &str, attr: &str) -> Vec<String> {
    let sel = scraper::Selector::parse(css).expect("a valid selector");
    doc.select(&sel)
        .filter_map(|e| e.value().attr(attr).map(str::to_string))
        .collect()
}

#[test]
fn footnote_ids_are_prefixed_and_never_taken_by_headings() {
    // The heading comes first, so its id is decided before the footnote is seen.
    let body = "## Fn src\n\nSmoke rises[^src].\n\n## Fn src\n\n[^src]: Fire service data.\n";
    let p = parse(body, &opts());
    let heading_ids: Vec<&str> = p.toc.iter().map(|h| h.id.as_str()).collect();
    assert_eq!(heading_ids, ["fn-src-1", "fn-src-2"]);
    let doc = fragment(&render(&p, &[], false, &labels()));
    assert_eq!(attrs(&doc, ".footnote-definition", "id"), ["fn-src"]);
    assert_eq!(attrs(&doc, ".footnote-reference a", "href"), ["#fn-src"]);
    let mut ids = attrs(&doc, "[id]", "id");
    ids.sort();
    assert_eq!(ids, ["fn-src", "fn-src-1", "fn-src-2"]);
    assert!(p.anchors.contains("fn-src"));
    assert!(ids.iter().all(|id| p.anchors.contains(id)), "{ids:?}");
}

#[test]
fn generated_heading_ids_do_not_repeat_explicit_ones() {
    let p = parse("## A {#a-1}\n\n## A\n\n## A\n", &opts());
    let ids: Vec<&str> = p.toc.iter().map(|h| h.id.as_str()).collect();
    assert_eq!(ids, ["a-1", "a", "a-2"]);
}

/// The `href` of every link in the rendered body of `markdown`.
fn hrefs(markdown: &str) -> Vec<String> {
    let p = parse(markdown, &opts());
    attrs(&fragment(&render(&p, &[], false, &labels())), "a", "href")
}

#[test]
fn links_with_a_scheme_pass_through() {
    assert_eq!(
        hrefs(
            "<safety@city.example.gov.cn> <https://www.city.gov.cn/a?b=1#c> [call](tel:119) \
             [mail](MAILTO:desk@city.gov.cn) [x](a+b.c-d:rest) [cdn](//cdn.example/x.pdf)\n"
        ),
        [
            "mailto:safety@city.example.gov.cn",
            "https://www.city.gov.cn/a?b=1#c",
            "tel:119",
            "MAILTO:desk@city.gov.cn",
            "a+b.c-d:rest",
            "//cdn.example/x.pdf",
        ]
    );
}

#[test]
fn a_colon_that_does_not_end_a_scheme_leaves_a_relative_path() {
    assert_eq!(
        hrefs("[a](notes/a:b.pdf) [b](1st:place.pdf) [c](<my file:1.pdf>)\n"),
        [
            "/lessons/fire/notes/a:b.pdf",
            "/lessons/fire/1st:place.pdf",
            "/lessons/fire/my%20file:1.pdf",
        ]
    );
}

#[test]
fn script_urls_are_neutralised_whatever_the_link_kind() {
    assert_eq!(
        hrefs(
            "[a](javascript:alert(1)) [b](VBScript:x) [c](data:text/html,x) <javascript:alert(1)>\n"
        ),
        ["#", "#", "#", "#"]
    );
}

#[test]
fn relative_links_keep_trailing_slash_query_and_fragment() {
    assert_eq!(
        hrefs(
            "[a](../traffic/) [b](../traffic/?page=2#top) [c](leaflet.pdf#page=3) \
             [d](./) [e](..) [f](../../) [g](../../../x/) [h](map.png?v=2) [i](help/#a/../b)\n"
        ),
        [
            "/lessons/traffic/",
            "/lessons/traffic/?page=2#top",
            "/lessons/fire/leaflet.pdf#page=3",
            "/lessons/fire/",
            "/lessons/",
            "/",
            "/x/",
            "/lessons/fire/map.png?v=2",
            "/lessons/fire/help/#a/../b",
        ]
    );
}

#[test]
fn relative_markdown_links_with_a_fragment_are_internal() {
    let p = parse(
        "[a](escape-plan.md#meeting-point) [b](../traffic/crossing.md)\n",
        &opts(),
    );
    let targets: Vec<(&str, Option<&str>)> = p
        .links
        .iter()
        .map(|l| (l.target.as_str(), l.anchor.as_deref()))
        .collect();
    assert_eq!(
        targets,
        [
            ("lessons/fire/escape-plan.md", Some("meeting-point")),
            ("lessons/traffic/crossing.md", None)
        ]
    );
}

#[test]
fn root_relative_links_and_images_get_the_site_root() {
    let opts = MarkdownOptions {
        root: "/safety/".into(),
        asset_base: "/safety/lessons/fire/".into(),
        ..opts()
    };
    let body = "[about](/about/) [home](/) [cdn](//cdn.example/a.js) [web](https://city.gov.cn/) \
                [here](diagram.png) [anchor](#types) [pasted](/safety/tags/home/)\n\n![x](/img/x.png) ![y](y.png)\n";
    let doc = fragment(&render(&parse(body, &opts), &[], false, &labels()));
    assert_eq!(
        attrs(&doc, "a", "href"),
        [
            "/safety/about/",
            "/safety/",
            "//cdn.example/a.js",
            "https://city.gov.cn/",
            "/safety/lessons/fire/diagram.png",
            "#types",
            "/safety/tags/home/",
        ]
    );
    assert_eq!(
        attrs(&doc, "img", "src"),
        ["/safety/img/x.png", "/safety/lessons/fire/y.png"]
    );
}

#[test]
fn labels_word_callouts_and_tasks_and_are_escaped() {
    let words = [
        ("callout_tip", "Tip <b>&</b> \"quoted\""),
        ("task_not_done", "Open"),
    ];
    let labels = Labels {
        tip: words[0].1.to_string(),
        task_not_done: words[1].1.to_string(),
        ..labels()
    };
    assert_eq!(
        Labels::from_strings(|key| words.iter().find(|w| w.0 == key).map(|w| w.1)),
        Err("callout_note"),
        "a missing key is named, never filled in"
    );
    let p = parse(
        "> [!TIP]\n> Plan ahead.\n\n- [ ] Buy an extinguisher\n",
        &opts(),
    );
    let doc = fragment(&render(&p, &[], false, &labels));
    let tip = "Tip <b>&</b> \"quoted\"";
    assert_eq!(attrs(&doc, "aside.callout-tip", "aria-label"), [tip]);
    let sel = scraper::Selector::parse("aside.callout-tip .callout-title").expect("selector");
    let titles: Vec<String> = doc.select(&sel).map(|e| e.text().collect()).collect();
    assert_eq!(titles, [tip]);
    assert_eq!(attrs(&doc, "input[type=checkbox]", "aria-label"), ["Open"]);
    assert_eq!(
        doc.select(&scraper::Selector::parse("b").expect("selector"))
            .count(),
        0
    );
}

#[test]
fn footnote_labels_of_any_case_or_spacing_link_to_their_note() {
    let body = "One[^My Note], two[^SRC], three[^src].\n\n[^my note]: Spaced.\n\n[^Src]: Cased.\n";
    let p = parse(body, &opts());
    let doc = fragment(&render(&p, &[], false, &labels()));
    let mut defs = attrs(&doc, ".footnote-definition", "id");
    defs.sort();
    assert_eq!(defs, ["fn-my-note", "fn-src"]);
    for href in attrs(&doc, ".footnote-reference a", "href") {
        let id = href.trim_start_matches('#');
        assert!(
            defs.iter().any(|d| d == id),
            "{href} points at no note: {defs:?}"
        );
        assert!(p.anchors.contains(id), "{id} is not a known anchor");
    }
}

#[test]
fn a_word_split_over_text_events_counts_once() {
    // Smart punctuation makes `Don't` three text events; emphasis splits `unsafe` in two.
    let smart = parse(&"Don't stay. ".repeat(200), &opts());
    let plain = parse(
        &"Don't stay. ".repeat(200),
        &MarkdownOptions {
            smart_punctuation: false,
            ..opts()
        },
    );
    assert_eq!(smart.count.words, 400, "{:?}", smart.count);
    assert_eq!(smart.count, plain.count);
    assert_eq!(reading_minutes(&smart), 2);
    let p = parse("**un**safe and `code`\n\nnext\n", &opts());
    assert_eq!(p.count.words, 4, "unsafe, and, code, next: {:?}", p.count);
    let zh = parse("先**拨打**119，再撤离。\n\n第二段", &opts());
    assert_eq!(zh.count.cjk, 9, "{:?}", zh.count);
    assert_eq!(zh.count.words, 1, "{:?}", zh.count);
}
