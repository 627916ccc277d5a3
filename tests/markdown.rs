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
    let broken = common::broken_links(&t.root.join("public"));
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
}

#[test]
fn links_keep_schemes_folders_queries_and_fragments() {
    let t = SiteTest::fixture("basic");
    t.write(
        "content/lessons/fire/contacts.md",
        "---\ntitle: Contacts\ndate: 2026-01-06\n---\nWrite to <safety@city.example.gov.cn>, call [119](tel:119), \
         read [traffic lessons](../traffic/), [page 2](./page/2/?from=contacts#main) \
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
            "/lessons/fire/page/2/?from=contacts#main",
            "/lessons/fire/escape-plan/#meeting-point",
        ]
    );
    let broken = common::broken_links(&t.root.join("public"));
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
}

const TASKS_AND_CALLOUTS: &str = "> [!NOTE]\n> Check the date.\n\n> [!CAUTION]\n> Hot.\n\n- [x] Alarm tested\n- [ ] Battery replaced\n";

#[test]
fn callout_and_task_words_come_from_the_theme_strings() {
    let t = SiteTest::fixture("basic");
    t.write(
        "themes/default/i18n/en.yaml",
        "callout_warning: \"Danger\"\ntask_done: \"Checked\"\n",
    );
    t.write(
        "content/lessons/fire/checklist.md",
        &format!("---\ntitle: Checklist\ndate: 2026-01-07\n---\n{TASKS_AND_CALLOUTS}"),
    );
    t.build();
    let lesson = t.html("lessons/fire/extinguisher/index.html");
    assert_eq!(
        lesson.texts("main .prose aside.callout .callout-title"),
        ["Danger"]
    );
    assert_eq!(
        lesson.attrs("main .prose aside.callout", "aria-label"),
        ["Danger"]
    );
    let checklist = t.html("lessons/fire/checklist/index.html");
    assert_eq!(
        checklist.texts("main .prose .callout-title"),
        ["Note", "Caution"]
    );
    assert_eq!(
        checklist.attrs("main .prose input[type=checkbox]", "aria-label"),
        ["Checked", "Not done"]
    );
    assert_eq!(
        checklist.count("main .prose input[type=checkbox][checked]"),
        1
    );
}

#[test]
fn a_chinese_page_gets_chinese_callout_and_task_words() {
    let t = SiteTest::fixture("basic");
    t.write(
        "content/lessons/fire/checklist.md",
        &format!("---\ntitle: Checklist\ndate: 2026-01-07\n---\n{TASKS_AND_CALLOUTS}"),
    );
    t.write(
        "content/lessons/fire/checklist.zh.md",
        &format!("---\ntitle: 检查清单\ndate: 2026-01-07\n---\n{TASKS_AND_CALLOUTS}\n> [!TIP]\n> 提前准备。\n\n> [!IMPORTANT]\n> 记住。\n\n> [!WARNING]\n> 危险。\n"),
    );
    t.build();
    let zh = t.html("zh/lessons/fire/checklist/index.html");
    assert_eq!(
        zh.texts("main .prose .callout-title"),
        ["说明", "当心", "提示", "重要", "警告"]
    );
    assert_eq!(
        zh.attrs("main .prose aside.callout", "aria-label"),
        ["说明", "当心", "提示", "重要", "警告"]
    );
    assert_eq!(
        zh.attrs("main .prose input[type=checkbox]", "aria-label"),
        ["已完成", "未完成"]
    );
    let en = t.html("lessons/fire/checklist/index.html");
    assert_eq!(
        en.attrs("main .prose input[type=checkbox]", "aria-label"),
        ["Done", "Not done"]
    );
}
