//! "Did you mean" suggestions for misspelt keys, categories and fields.

use crate::messages::Text;

/// The candidate closest to `word`, if it is close enough to be a likely typo.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let word = word.to_lowercase();
    let limit = (word.chars().count() / 3).max(2);
    candidates
        .into_iter()
        .map(|c| (distance(&word, &c.to_lowercase()), c))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// A " (did you mean `x`?)" suffix, or nothing.
pub fn did_you_mean<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Text {
    closest(word, candidates).map_or_else(Text::none, |c| crate::text!("did_you_mean", word = c))
}

/// Levenshtein distance over characters.
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = if ca == *cb {
                prev
            } else {
                1 + prev.min(row[j]).min(row[j + 1])
            };
            prev = cur;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_near_misses_only() {
        let keys = ["title", "date", "summary", "tags"];
        assert_eq!(closest("titel", keys), Some("title"));
        assert_eq!(closest("sumary", keys), Some("summary"));
        assert_eq!(closest("colour", keys), None);
        assert_eq!(
            did_you_mean("tag", keys).to_string(),
            " (did you mean `tags`?)"
        );
        assert!(did_you_mean("colour", keys).is_empty());
    }
}
