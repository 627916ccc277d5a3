//! URL-safe names: heading anchors, tag and audience URLs, page slugs.

/// Lowercases and joins words with `-`, keeping Unicode letters and digits (so Chinese stays).
pub fn slugify(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut dash = false;
    for c in text.chars() {
        if c.is_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.extend(c.to_lowercase());
        } else if c.is_whitespace() || matches!(c, '-' | '_' | '.' | '/' | '·') {
            dash = true;
        }
    }
    out
}

/// Why a slug written by an author cannot be used, if it cannot.
pub fn check(slug: &str) -> Option<&'static str> {
    if slug.is_empty() {
        Some("the slug is empty")
    } else if slug.contains('/') || slug.contains('\\') {
        Some("a slug cannot contain `/` or `\\`")
    } else if slug.contains("..") {
        Some("a slug cannot contain `..`")
    } else if slug.chars().any(|c| c.is_control() || c.is_whitespace()) {
        Some("a slug cannot contain spaces or control characters")
    } else if slug
        .chars()
        .any(|c| matches!(c, '?' | '#' | '%' | '"' | '<' | '>' | '&'))
    {
        Some("a slug cannot contain `? # % \" < > &`")
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugify_keeps_unicode_letters() {
        assert_eq!(slugify("Before a fire: plan!"), "before-a-fire-plan");
        assert_eq!(slugify("  First Aid  "), "first-aid");
        assert_eq!(slugify("灭火器 使用"), "灭火器-使用");
        assert_eq!(slugify("!!!"), "");
    }

    #[test]
    fn check_rejects_path_tricks() {
        assert!(check("../etc").is_some());
        assert!(check("a/b").is_some());
        assert!(check("a b").is_some());
        assert!(check("gas-leak").is_none());
        assert!(check("燃气").is_none());
    }
}
