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

/// The candidate path closest to `path` (`lessons/fire/crosing.md`), its folder and its file
/// name each close enough to be a likely typo on their own: a long folder does not make a
/// different file's name look near.
pub fn closest_path<'a>(
    path: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let split = |p: &str| {
        // `.md` is in every name: it makes short names look alike.
        let p = p.to_lowercase();
        let p = p.strip_suffix(".md").unwrap_or(&p);
        match p.rsplit_once('/') {
            Some((dir, name)) => (dir.to_string(), name.to_string()),
            None => (String::new(), p.to_string()),
        }
    };
    let (dir, name) = split(path);
    // A third of the name, and never the whole of it: `a.md` is not near `l.md`.
    let chars = name.chars().count();
    let name_limit = (chars / 3).max(2).min(chars.saturating_sub(1));
    let dir_limit = (dir.chars().count() / 6).max(1);
    candidates
        .into_iter()
        .filter_map(|c| {
            let (c_dir, c_name) = split(c);
            let (dn, dd) = (distance(&name, &c_name), distance(&dir, &c_dir));
            (dn <= name_limit && dd <= dir_limit).then_some((dn + dd, c))
        })
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
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

    #[test]
    fn paths_are_near_by_folder_and_name_each() {
        let pages = [
            "lessons/fire/candles.md",
            "lessons/fire/smoke-alarms.md",
            "lessons/traffic/crossing.md",
        ];
        let near = |p: &str| closest_path(p, pages);
        assert_eq!(near("lessons/traffic/crosing.md"), Some(pages[2]));
        assert_eq!(near("lesons/fire/candles.md"), Some(pages[0]));
        assert_eq!(near("lessons/fire/Smoke-Alarms.md"), Some(pages[1]));
        assert_eq!(near("lessons/fire/kitchen-fires.md"), None);
        assert_eq!(near("announcements/candles.md"), None);
        assert_eq!(
            closest_path("lessons/fire/a.md", ["lessons/fire/l.md"]),
            None
        );
    }
}
