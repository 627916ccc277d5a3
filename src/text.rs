//! Measuring and shortening plain text fairly in Chinese, Japanese, Korean and alphabetic
//! languages alike.
//!
//! A CJK character carries about as much as an English word, so both are one **unit**: text
//! is measured in CJK characters plus words (CJK punctuation is neither). Reading time reads
//! the two at their own speeds, and [`truncate`] keeps a number of units, cutting between
//! grapheme clusters (never inside a character, an emoji with its modifier or a letter with
//! its accent), at a sentence end when one is near enough, else at a word boundary with `…`.
//! This module imports nothing of the crate.

use std::borrow::Cow;
use unicode_segmentation::{GraphemeIndices, UnicodeSegmentation};

/// Words read per minute in alphabetic text.
const WORDS_PER_MINUTE: usize = 200;
/// CJK characters read per minute.
const CJK_PER_MINUTE: usize = 400;
/// How many grapheme clusters one unit may take before text counts as too long anyway: text
/// without spaces or CJK characters (a long URL, Thai) is one "word" but must still be cut.
const GRAPHEMES_PER_UNIT: usize = 12;

/// Whether a character is read as a CJK character: a Han ideograph (any extension block, the
/// iteration mark `々`, `〇`), Japanese kana (with the prolonged sound mark `ー`, half-width
/// forms too) or Korean hangul (syllables and jamo). Punctuation and symbols in these blocks
/// (`。`, `・`, `「`) are not.
pub fn is_cjk(c: char) -> bool {
    let code = c as u32;
    // Most characters of a page are ASCII, and most of the rest of a Chinese one are in the
    // unified ideographs, every one of them a letter: neither needs the Unicode tables.
    if code < 0x1100 {
        return false;
    }
    if (0x4E00..=0x9FFF).contains(&code) {
        return true;
    }
    in_cjk_tables(c)
}

/// [`is_cjk`] by the ranges and the Unicode tables alone.
fn in_cjk_tables(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x11FF         // Hangul Jamo
        | 0x3005..=0x3007       // 々 〆 〇
        | 0x3021..=0x3029       // Hangzhou numerals
        | 0x3031..=0x3035       // kana repeat marks
        | 0x3038..=0x303C
        | 0x3040..=0x30FF       // Hiragana, Katakana
        | 0x3100..=0x31BF       // Bopomofo, Hangul compatibility jamo
        | 0x31F0..=0x31FF       // Katakana phonetic extensions
        | 0x3400..=0x4DBF       // CJK extension A
        | 0x4E00..=0x9FFF       // CJK unified ideographs
        | 0xA960..=0xA97F       // Hangul Jamo extended A
        | 0xAC00..=0xD7FF       // Hangul syllables, Jamo extended B
        | 0xF900..=0xFAFF       // CJK compatibility ideographs
        | 0xFF66..=0xFFDC       // half-width katakana and hangul
        | 0x1B000..=0x1B16F     // kana supplement and extensions
        | 0x20000..=0x323AF) // CJK extensions B to H, compatibility supplement
        && c.is_alphabetic()
}

/// Whether a character is set without spaces around it in CJK text: a CJK character, or CJK
/// or full-width punctuation (`，。「」！`).
pub fn is_wide(c: char) -> bool {
    is_cjk(c) || matches!(c as u32, 0x3000..=0x303F | 0xFE30..=0xFE4F | 0xFF00..=0xFF60)
}

/// Letters and digits of a word (not CJK), and combining accents, which belong to the letter
/// before them (`e` + `◌́`).
fn is_word_char(c: char) -> bool {
    (c.is_alphanumeric() && !is_cjk(c))
        || matches!(c as u32, 0x0300..=0x036F | 0x1AB0..=0x1AFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F)
}

/// Characters that join two word characters into one word: `don't`, `3.5`, `1,000`, `e-mail`.
fn is_joiner(c: char) -> bool {
    matches!(c, '\'' | '’' | '.' | ',' | '-' | '_' | '·')
}

/// What one character is to the count, given what came before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// A CJK character: one unit.
    Cjk,
    /// The first character of a word: one unit.
    WordStart,
    /// Inside a word, or anything else: no unit.
    Other,
}

/// The counting state between characters: whether a word is open.
#[derive(Debug, Clone, Copy, Default)]
struct Scanner {
    in_word: bool,
}

impl Scanner {
    /// Reads `c`, followed by `next` (a joiner is part of a word only between word characters).
    fn feed(&mut self, c: char, next: Option<char>) -> Kind {
        if is_cjk(c) {
            self.in_word = false;
            Kind::Cjk
        } else if is_word_char(c) {
            let kind = if self.in_word {
                Kind::Other
            } else {
                Kind::WordStart
            };
            self.in_word = true;
            kind
        } else {
            self.in_word = self.in_word && is_joiner(c) && next.is_some_and(is_word_char);
            Kind::Other
        }
    }
}

/// How much text there is to read.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct Count {
    /// Words of alphabetic text, numbers included (`2026`, `3.5`).
    pub words: usize,
    /// CJK characters.
    pub cjk: usize,
}

impl Count {
    /// Counts the words and CJK characters of `text`.
    pub fn of(text: &str) -> Self {
        let mut count = Count::default();
        count.add(text);
        count
    }

    /// Adds the words and CJK characters of `text`, a piece of its own (a word does not go on
    /// from one piece to the next).
    pub fn add(&mut self, text: &str) {
        let mut scanner = Scanner::default();
        let mut chars = text.chars().peekable();
        while let Some(c) = chars.next() {
            match scanner.feed(c, chars.peek().copied()) {
                Kind::Cjk => self.cjk += 1,
                Kind::WordStart => self.words += 1,
                Kind::Other => {}
            }
        }
    }

    /// Words and CJK characters together: the measure of length that treats both alike.
    pub fn units(self) -> usize {
        self.words + self.cjk
    }

    /// Reading time in whole minutes, at least one: 200 words and 400 CJK characters a
    /// minute, added up before rounding up (a word is read in the time of two characters).
    pub fn reading_minutes(self) -> usize {
        let per_minute = CJK_PER_MINUTE;
        let weight = CJK_PER_MINUTE / WORDS_PER_MINUTE;
        (self.words * weight + self.cjk).div_ceil(per_minute).max(1)
    }
}

/// Full stops that end a sentence wherever they stand.
fn ends_sentence_anywhere(c: char) -> bool {
    matches!(c, '。' | '！' | '？' | '；' | '｡' | '．')
}

/// Full stops that end a sentence when a space or the end of the text follows (`3.5` and
/// `e.g.x` are not sentence ends).
fn ends_sentence_before_space(c: char) -> bool {
    matches!(c, '.' | '!' | '?')
}

/// Closing quotes and brackets that belong to the sentence they follow: `。」`, `."`.
fn closes(c: char) -> bool {
    matches!(
        c,
        '"' | '\'' | '”' | '’' | '」' | '』' | '）' | ')' | '】' | '》' | '〉' | ']'
    )
}

/// Punctuation between the clauses of a sentence.
fn pauses_clause(c: char) -> bool {
    matches!(c, '，' | '、' | '：' | ',' | ':' | ';' | '—')
}

/// Punctuation and spaces not worth keeping before an ellipsis: `火灾发生时，…` reads as
/// `火灾发生时…`.
fn trailing_pause(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '，' | '、'
                | '：'
                | '；'
                | ','
                | ':'
                | ';'
                | '-'
                | '–'
                | '—'
                | '('
                | '（'
                | '「'
                | '『'
                | '“'
                | '‘'
        )
}

/// `text` without the pauses it ends with, removed whole grapheme by grapheme.
fn without_pause(text: &str) -> &str {
    let mut end = text.len();
    for (i, g) in text.grapheme_indices(true).rev() {
        if !g.chars().all(trailing_pause) {
            break;
        }
        end = i;
    }
    &text[..end]
}

/// The first character of a grapheme cluster.
fn first(g: &str) -> char {
    g.chars().next().unwrap_or(' ')
}

/// Where [`truncate`] cuts: the end of the kept text and whether it ends mid-sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Cut {
    end: usize,
    ellipsis: bool,
}

/// A full stop just taken, which ends a sentence if what follows agrees.
#[derive(Debug, Clone, Copy)]
struct Stop {
    /// After the stop and the closing quotes taken since.
    end: usize,
    /// Units before `end`.
    units: usize,
    /// Whether it ends a sentence whatever follows (`。`), or only before a space (`.`).
    anywhere: bool,
}

/// Walks text grapheme by grapheme, counting units and remembering where it could be cut.
struct Walker<'a> {
    graphemes: GraphemeIndices<'a>,
    /// The grapheme to take next, and the one after it (each is segmented once).
    here: Option<(usize, &'a str)>,
    after: Option<(usize, &'a str)>,
    scanner: Scanner,
    units: usize,
    /// Grapheme clusters taken.
    seen: usize,
    /// After the last grapheme that ends a word, a CJK character or punctuation.
    last_break: usize,
    /// After the last sentence end, with the units before it.
    last_sentence: Option<(usize, usize)>,
    /// Before the last pause between clauses (`，`, `, `), with the units before it.
    last_clause: Option<(usize, usize)>,
    /// A full stop waiting for what follows it.
    stop: Option<Stop>,
}

impl Walker<'_> {
    /// Takes the next grapheme; `Err(start)` when it would take the text over `limit` units.
    fn step(&mut self, limit: usize) -> Option<Result<(), usize>> {
        let (i, g) = self.here?;
        let c = first(g);
        if !closes(c) {
            self.settle_stop(c);
        }
        let end = i + g.len();
        let next = self.after.map(|(_, n)| first(n));
        // The units this grapheme starts, counted exactly as `Count` counts them.
        let mut scanner = self.scanner;
        let mut started = 0;
        let mut chars = g.chars().peekable();
        while let Some(c) = chars.next() {
            let after = chars.peek().copied().or(next);
            started += usize::from(scanner.feed(c, after) != Kind::Other);
        }
        if self.units + started > limit || self.seen >= limit.saturating_mul(GRAPHEMES_PER_UNIT) {
            return Some(Err(i));
        }
        self.here = self.after;
        self.after = self.graphemes.next();
        self.scanner = scanner;
        self.units += started;
        self.seen += 1;
        let word_goes_on = scanner.in_word && next.is_some_and(|n| is_word_char(n) || is_joiner(n));
        if !c.is_whitespace() && !word_goes_on {
            self.last_break = end;
        }
        if pauses_clause(c) && !scanner.in_word {
            self.last_clause = Some((i, self.units));
        }
        let anywhere = ends_sentence_anywhere(c);
        if anywhere || ends_sentence_before_space(c) {
            self.stop = Some(Stop {
                end,
                units: self.units,
                anywhere,
            });
        } else if let Some(stop) = &mut self.stop {
            // A closing quote or bracket after the stop belongs to its sentence.
            stop.end = end;
            stop.units = self.units;
        }
        Some(Ok(()))
    }

    /// Decides, on seeing `c` after a full stop and its closing quotes, whether it ended a
    /// sentence.
    fn settle_stop(&mut self, c: char) {
        if let Some(stop) = self.stop.take()
            && (stop.anywhere || c.is_whitespace())
        {
            self.last_sentence = Some((stop.end, stop.units));
            self.last_break = stop.end;
        }
    }
}

/// Where to cut `text` to keep at most `limit` units, or `None` when it fits.
fn cut(text: &str, limit: usize) -> Option<Cut> {
    let mut graphemes = text.grapheme_indices(true);
    let mut walker = Walker {
        here: graphemes.next(),
        after: graphemes.next(),
        graphemes,
        scanner: Scanner::default(),
        units: 0,
        seen: 0,
        last_break: 0,
        last_sentence: None,
        last_clause: None,
        stop: None,
    };
    let over = loop {
        match walker.step(limit)? {
            Ok(()) => {}
            Err(start) => break start,
        }
    };
    // A sentence end is preferred when it keeps at least half of what could be kept.
    if let Some((end, units)) = walker.last_sentence
        && units * 2 >= limit
    {
        return Some(Cut {
            end,
            ellipsis: false,
        });
    }
    // Else the end of a clause, when that keeps at least three quarters.
    if let Some((end, units)) = walker.last_clause
        && units * 4 >= limit * 3
    {
        return Some(Cut {
            end,
            ellipsis: true,
        });
    }
    let end = match walker.last_break {
        0 => over,
        end => end,
    };
    Some(Cut {
        end,
        ellipsis: true,
    })
}

/// `text` (trimmed) shortened to at most `limit` units (CJK characters plus words; at least
/// one is kept). A cut ends at the last sentence end (`。！？；` or `. ! ?`) when that keeps at
/// least half of the limit; else before the last pause between clauses (`，`, `,`) when that
/// keeps three quarters; else at the last word or character boundary, without the pause
/// before it, followed by `…` (the last two). Text that fits is returned as it is,
/// without `…`.
pub fn truncate(text: &str, limit: usize) -> Cow<'_, str> {
    let text = text.trim();
    match cut(text, limit.max(1)) {
        None => Cow::Borrowed(text),
        Some(Cut {
            end,
            ellipsis: false,
        }) => Cow::Borrowed(&text[..end]),
        Some(Cut {
            end,
            ellipsis: true,
        }) => Cow::Owned(format!("{}…", without_pause(&text[..end]))),
    }
}

#[cfg(test)]
mod tests;
