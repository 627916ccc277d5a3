//! URL-safe names: heading anchors, tag and audience URLs, page slugs.
//!
//! Names keep their letters in any script (`灭火器` stays `灭火器`: nothing is transliterated)
//! and are folded first, so that spellings a reader sees as the same word are one name:
//! Unicode NFKC turns full-width and compatibility forms into plain ones (`ＡＢＣ１２` →
//! `ABC12`), then everything is lowercased (`Fire` → `fire`). Percent-encoding for links is
//! not done here but by [`crate::urls`]; slugs and output folders hold the real characters.

use crate::messages::Text;
use crate::text;
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfkc_quick};

/// The folded form of a name, which decides whether two spellings are one name: NFKC, then
/// lowercase.
pub fn fold(text: &str) -> String {
    // Most names are ASCII or already NFKC (Chinese is): normalizing them changes nothing,
    // and the quick check costs a fraction of it.
    if text.is_ascii() {
        text.to_ascii_lowercase()
    } else if is_nfkc_quick(text.chars()) == IsNormalized::Yes {
        text.chars().flat_map(char::to_lowercase).collect()
    } else {
        text.nfkc().flat_map(char::to_lowercase).collect()
    }
}

/// The slug a content file's name gives (its name without `.md` and language): folded, with
/// each run of spaces turned into one `-` (`Fire Drill` → `fire-drill`), as Hugo does.
pub fn of_file(stem: &str) -> String {
    let folded = fold(stem.trim());
    if !folded.contains(char::is_whitespace) {
        return folded;
    }
    folded.split_whitespace().collect::<Vec<_>>().join("-")
}

/// Folds ([`fold`]) and joins words with `-`, keeping Unicode letters and digits (so Chinese
/// stays) and dropping other characters.
pub fn slugify(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut dash = false;
    for c in fold(text).chars() {
        if c.is_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.push(c);
        } else if c.is_whitespace() || matches!(c, '-' | '_' | '.' | '/' | '·') {
            dash = true;
        }
    }
    out
}

/// Why a slug written by an author cannot be used, if it cannot.
pub fn check(slug: &str) -> Option<Text> {
    if slug.is_empty() {
        Some(text!("slug.empty"))
    } else if slug.contains('/') || slug.contains('\\') {
        Some(text!("slug.slash"))
    } else if slug.contains("..") {
        Some(text!("slug.dots"))
    } else if slug.chars().any(|c| c.is_control() || c.is_whitespace()) {
        Some(text!("slug.space"))
    } else if slug
        .chars()
        .any(|c| matches!(c, '?' | '#' | '%' | '"' | '<' | '>' | '&'))
    {
        Some(text!("slug.reserved"))
    } else if !slug.chars().any(char::is_alphanumeric) {
        Some(text!("slug.no_letter"))
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
        assert_eq!(slugify("发生火灾时"), "发生火灾时");
        assert_eq!(slugify("使用 ABC 灭火器！"), "使用-abc-灭火器");
    }

    #[test]
    fn file_names_with_spaces_get_dashes() {
        assert_eq!(of_file("fire drill"), "fire-drill");
        assert_eq!(of_file("Fire  Drill 2026"), "fire-drill-2026");
        // An ideographic space is a space after folding.
        assert_eq!(of_file("消防　演练"), "消防-演练");
        assert_eq!(of_file("gas-leak"), "gas-leak");
        assert_eq!(of_file("燃气泄漏"), "燃气泄漏");
    }

    #[test]
    fn case_and_width_variants_fold_to_one_slug() {
        assert_eq!(slugify("ＡＢＣ"), slugify("abc"));
        assert_eq!(slugify("Fire"), slugify("fire"));
        assert_eq!(slugify("１１９ 热线"), "119-热线");
        assert_eq!(fold("Ｆｉｒｅ　Ｓａｆｅｔｙ"), "fire safety");
        // Compatibility ideographs are the ideographs they stand for.
        assert_eq!(slugify("\u{F9F4}"), slugify("\u{6797}"));
    }

    #[test]
    fn fold_gives_the_same_on_each_of_its_paths() {
        // ASCII; text already in NFKC (lowercased all the same); text that NFKC changes,
        // alone and mixed with the other two.
        // Each text with the answer of the quick check, which picks the path (ASCII never
        // asks it): `Maybe` must take the slow path, as decomposed text (`e` + `◌́`, from
        // macOS file names) composes.
        for (text, quick) in [
            ("Fire SAFETY 119", IsNormalized::Yes),
            ("Ünfall Él 火灾 ΣΟΦΙΑ", IsNormalized::Yes),
            ("ﬁre Ｆｉｒｅ ｶﾀｶﾅ", IsNormalized::No),
            ("Ünfall ﬁre 火灾", IsNormalized::No),
            ("Cafe\u{301}", IsNormalized::Maybe),
            ("\u{1100}\u{1161}", IsNormalized::Maybe),
        ] {
            assert_eq!(is_nfkc_quick(text.chars()), quick, "{text}");
            let slow: String = text.nfkc().flat_map(char::to_lowercase).collect();
            assert_eq!(fold(text), slow, "{text}");
        }
        assert_eq!(fold("Ünfall 火灾"), "ünfall 火灾");
        assert_eq!(fold("ﬁre"), "fire");
        assert_eq!(fold("Cafe\u{301}"), fold("Café"));
        assert_eq!(slugify("\u{1100}\u{1161}"), slugify("가"));
    }

    #[test]
    fn check_rejects_path_tricks() {
        assert!(check("../etc").is_some());
        assert!(check("a/b").is_some());
        assert!(check("a b").is_some());
        assert!(check("gas-leak").is_none());
        assert!(check("燃气").is_none());
        assert!(check("！！").is_some());
        assert!(check("---").is_some());
    }
}
