//! Unit tests of the Markdown stage.

use super::*;

fn opts() -> MarkdownOptions {
    MarkdownOptions {
        smart_punctuation: true,
        lang: "en".into(),
        asset_base: "/lessons/fire/".into(),
        content_dir: "lessons/fire".into(),
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
    let html = render(&p, &[], false);
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
    let html = render(&p, &["/x/#types".into(), "/y/".into()], false);
    assert!(html.contains("href=\"/x/#types\""), "{html}");
    assert!(html.contains("href=\"/y/\""), "{html}");
}

#[test]
fn alerts_become_labelled_callouts() {
    let p = parse("> [!WARNING]\n> Never use water on oil.\n", &opts());
    let html = render(&p, &[], false);
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
    let clean = render(&p, &[], false);
    assert!(!clean.contains("<script"), "{clean}");
    assert!(!clean.contains("onclick"), "{clean}");
    assert!(!clean.contains("onmouseover"), "{clean}");
    assert!(clean.contains("<b>bold</b>"), "{clean}");
    assert!(render(&p, &[], true).contains("<script>"));
}

#[test]
fn script_urls_and_relative_assets() {
    let p = parse("[x](javascript:alert(1)) ![d](diagram.png)\n", &opts());
    let html = render(&p, &[], false);
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
    let html = render(&p, &[], false);
    assert!(html.contains("checked=\"\" aria-label=\"Done\""), "{html}");
    assert!(html.contains("aria-label=\"Not done\""), "{html}");
}

#[test]
fn summary_words_and_reading_time() {
    let p = parse("> quote\n\nFirst *real*\nparagraph.\n\nSecond.\n", &opts());
    assert_eq!(p.first_paragraph, "First real paragraph.");
    assert_eq!(reading_minutes(&p), 1);
    let zh = parse("燃气泄漏时不要开灯。", &opts());
    assert_eq!(zh.cjk_chars, 9);
}
