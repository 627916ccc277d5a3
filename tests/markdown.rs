//! Markdown features end to end: what the built pages contain for footnotes, links and the
//! words the theme gives callouts and task lists.

mod common;

use common::SiteTest;

#[test]
fn a_link_to_a_footnote_reaches_the_footnote() {
    let t = SiteTest::fixture("basic");
    t.write(
        "content/lessons/fire/sources.md",
        "---\ntitle: Sources\ndate: 2026-01-05\n---\n## Fn src\n\nMost fires start at night[^src].\n\n[^src]: City fire service, 2025.\n",
    );
    t.write(
        "content/pages/about.md",
        "---\ntitle: About us\nmenu: 2\n---\nSee [the source](@/lessons/fire/sources.md#fn-src).\n",
    );
    t.build();
    let about = t.html("about/index.html");
    assert_eq!(
        about.attrs("main .prose a", "href"),
        ["/lessons/fire/sources/#fn-src"]
    );
    let page = t.html("lessons/fire/sources/index.html");
    assert_eq!(page.attrs("#fn-src", "class"), ["footnote-definition"]);
    assert_eq!(page.text("#fn-src p"), "City fire service, 2025.");
    assert_eq!(page.attrs("main .prose h2", "id"), ["fn-src-1"]);
    assert_eq!(
        page.attrs("main .prose .footnote-reference a", "href"),
        ["#fn-src"]
    );
}

#[test]
fn links_keep_schemes_folders_queries_and_fragments() {
    let t = SiteTest::fixture("basic");
    t.write(
        "content/lessons/fire/contacts.md",
        "---\ntitle: Contacts\ndate: 2026-01-06\n---\nWrite to <safety@city.example.gov.cn>, call [119](tel:119), \
         read [traffic lessons](../traffic/), [page 2](./page/2/?from=contacts#top) \
         and [the escape plan](escape-plan.md#meeting-point).\n",
    );
    t.build();
    let page = t.html("lessons/fire/contacts/index.html");
    assert_eq!(
        page.attrs("main .prose a", "href"),
        [
            "mailto:safety@city.example.gov.cn",
            "tel:119",
            "/lessons/traffic/",
            "/lessons/fire/page/2/?from=contacts#top",
            "/lessons/fire/escape-plan/#meeting-point",
        ]
    );
    let broken = common::broken_links(&t.root.join("public"));
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
}
