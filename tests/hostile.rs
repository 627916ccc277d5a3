//! Hostile and odd inputs never panic: each either parses or yields diagnostics with a line.

use safepress::model::config;
use safepress::model::page;
use safepress::model::source::{SourceFile, classify};
use std::path::Path;

fn config() -> config::Config {
    let yaml = "title: T\ntimezone: Asia/Shanghai\ncategories:\n  - {id: fire, name: Fire}\n";
    config::parse(yaml, Path::new("site.yaml")).unwrap()
}

#[test]
fn odd_files_parse_or_fail_cleanly() {
    let config = config();
    let bomb = "---\na: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n---\n";
    let deep = format!(
        "---\ntitle: {}x{}\n---\n",
        "[".repeat(5000),
        "]".repeat(5000)
    );
    let nested_md = format!(
        "---\ntitle: T\ndate: 2026-01-01\n---\n{}text\n",
        "> ".repeat(3000)
    );
    let long_line = format!(
        "---\ntitle: T\ndate: 2026-01-01\n---\n{}\n",
        "a".repeat(200_000)
    );
    let cases: Vec<String> = vec![
        String::new(),
        "---".into(),
        "---\n---".into(),
        "---\n---\n".into(),
        "---\n\0\n---\n".into(),
        "---\n- a\n- b\n---\n".into(),
        "---\ntitle: T\ndate: 2026-01-01\n---\n[x](@/)\n[y](@/#)\n[z](#)\n".into(),
        "---\ntitle: T\ndate: 99999-01-01\n---\n".into(),
        "---\ntitle: T\ndate: 2026-01-01\nquiz: [{question: q, options: [], answer: 0}]\n---\n"
            .into(),
        "---\ntitle: T\ndate: 2026-01-01\nsteps: {before: 3}\n---\n".into(),
        "---\ntitle: T\ndate: 2026-01-01\ntags: [\"\", \"!!!\"]\n---\n".into(),
        "---\ntitle: T\ndate: 2026-01-01\nslug: \"a/../../b\"\n---\n".into(),
        "---\r\ntitle: T\r\ndate: 2026-01-01\r\n---\r\n# Heading\r\n\r\n[^1]\r\n\r\n[^1]: note\r\n"
            .into(),
        "\u{feff}---\ntitle: 标题\ndate: 2026-01-01\n---\n## 标题 {#}\n".into(),
        bomb.into(),
        deep,
        nested_md,
        long_line,
    ];
    for (i, text) in cases.iter().enumerate() {
        let file = SourceFile {
            path: Path::new("content/lessons/fire/x.md").to_path_buf(),
            rel: "lessons/fire/x.md".into(),
            kind: classify("lessons/fire/x.md"),
        };
        match page::parse(&file, text, &config) {
            Ok(p) => assert!(
                p.url.starts_with("/lessons/fire/") && !p.url.contains(".."),
                "case {i}: {}",
                p.url
            ),
            Err(diagnostics) => {
                assert!(!diagnostics.is_empty(), "case {i}");
                for d in diagnostics {
                    assert_eq!(d.path, Path::new("content/lessons/fire/x.md"), "case {i}");
                    assert!(!d.message.is_empty() && !d.fix.is_empty(), "case {i}: {d}");
                }
            }
        }
    }
}
