use super::*;
use proptest::prelude::*;
use unicode_segmentation::GraphemeCursor;

fn minutes(text: &str) -> usize {
    Count::of(text).reading_minutes()
}

#[test]
fn pure_chinese_reads_400_characters_a_minute_and_skips_punctuation() {
    let chars = "灭火器".repeat(400);
    assert_eq!(Count::of(&chars).cjk, 1200);
    assert_eq!(minutes(&chars), 3);
    assert_eq!(minutes(&format!("{chars}火")), 4);
    // Full stops, commas, quotes and the katakana middle dot are not read as characters.
    let punctuated = "灭火器，".repeat(300) + &"。「」・、！".repeat(50);
    assert_eq!(Count::of(&punctuated), Count { words: 0, cjk: 900 });
    assert_eq!(minutes(&punctuated), 3);
}

#[test]
fn pure_english_reads_200_words_a_minute() {
    let words = "fire ".repeat(1000);
    assert_eq!(minutes(&words), 5);
    assert_eq!(minutes(&format!("{words} exit")), 6);
    assert_eq!(
        Count::of("Don't use 3.5 kg or 1,000 e-mails — ever.").words,
        8
    );
    assert_eq!(minutes(""), 1);
}

#[test]
fn mixed_text_counts_characters_and_words_each_at_its_speed() {
    // 15 CJK characters, 2 words (`119`, `elevator`): 15 + 2 × 2 = 19 character-times.
    let sentence = "火灾发生时拨打119报警，不要乘坐elevator逃生。";
    assert_eq!(Count::of(sentence), Count { words: 2, cjk: 15 });
    assert_eq!(minutes(&sentence.repeat(84)), 4, "1,596 of 1,600");
    assert_eq!(minutes(&sentence.repeat(85)), 5, "1,615 of 1,600");
    assert_eq!(
        Count::of("２０２６年ＡＢＣ"),
        Count { words: 2, cjk: 1 },
        "full-width digits and letters are words"
    );
}

#[test]
fn kana_and_hangul_count_as_cjk() {
    assert_eq!(
        Count::of("すぐに避難してください"),
        Count { words: 0, cjk: 11 }
    );
    assert_eq!(Count::of("カタカナ・テスト"), Count { words: 0, cjk: 7 });
    assert_eq!(Count::of("불이야 대피하세요!"), Count { words: 0, cjk: 8 });
    assert_eq!(minutes(&"대피".repeat(201)), 2);
}

#[test]
fn text_that_fits_is_kept_whole_without_ellipsis() {
    let text = "  燃气泄漏时不要开灯。 ";
    assert!(matches!(
        truncate(text, 9),
        Cow::Borrowed("燃气泄漏时不要开灯。")
    ));
    assert_eq!(truncate("Call 119 now", 3), "Call 119 now");
}

#[test]
fn a_cut_prefers_a_near_sentence_end_without_ellipsis() {
    let zh = "燃气泄漏可能引发爆炸。闻到燃气味时，不要开关任何电器。打开门窗。";
    assert_eq!(truncate(zh, 20), "燃气泄漏可能引发爆炸。");
    let en =
        "A gas leak can cause an explosion or fire. If you smell gas, do not switch anything on.";
    assert_eq!(
        truncate(en, 12),
        "A gas leak can cause an explosion or fire."
    );
    assert_eq!(
        truncate("他说：“快跑！”然后离开了这里去找人帮忙", 6),
        "他说：“快跑！”"
    );
    // `3.5` and `e.g.x` are no sentence ends.
    assert_eq!(
        truncate("About 3.5 million people live here", 4),
        "About 3.5 million people…"
    );
}

#[test]
fn a_cut_far_from_a_sentence_end_stops_at_a_word_with_ellipsis() {
    assert_eq!(
        truncate("闻到燃气味时，不要开关任何电器，打开门窗", 10),
        "闻到燃气味时，不要开关…"
    );
    assert_eq!(
        truncate("闻到燃气味时，不要开关任何电器", 6),
        "闻到燃气味时…"
    );
    assert_eq!(truncate("one two three, four five", 3), "one two three…");
    assert_eq!(
        truncate("使用前先确认身后有逃生通道，再拔掉保险销，对准火焰根部", 20),
        "使用前先确认身后有逃生通道，再拔掉保险销…",
        "a clause end near the limit is preferred to a cut inside a clause"
    );
    assert_eq!(
        truncate("Short. Then a much longer sentence follows here", 6),
        "Short. Then a much longer sentence…"
    );
    assert_eq!(truncate("请拨打119或者110报警", 4), "请拨打119…");
}

#[test]
fn a_cut_never_splits_an_emoji_or_an_accented_letter() {
    let thumbs = "👍🏽".repeat(40);
    let cut = truncate(&thumbs, 1);
    assert_eq!(cut, format!("{}…", "👍🏽".repeat(GRAPHEMES_PER_UNIT)));
    assert_eq!(truncate("火灾👨‍👩‍👧火灾", 3), "火灾👨‍👩‍👧火…");
    assert_eq!(
        truncate("cafe\u{301} cafe\u{301} cafe\u{301}", 2),
        "cafe\u{301} cafe\u{301}…"
    );
}

/// Whether `at` is between two grapheme clusters of `text`.
fn grapheme_boundary(text: &str, at: usize) -> bool {
    GraphemeCursor::new(at, text.len(), true)
        .is_boundary(text, 0)
        .unwrap_or(false)
}

/// Text made of the pieces that trouble truncation, in any order.
fn tricky_text() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "火",
        "灾",
        "。",
        "，",
        "！",
        "？",
        "；",
        "」",
        "“",
        "”",
        "fire",
        "exit",
        " ",
        "  ",
        "\n",
        "don't",
        "3.5",
        ".",
        ". ",
        "!",
        "?",
        "—",
        "👍🏽",
        "👨‍👩‍👧",
        "🇨🇳",
        "e\u{301}",
        "\u{301}",
        "한국",
        "カタカナ",
        "ー",
        "・",
        "…",
        "２０２６",
        "\u{200d}",
        "-",
    ]);
    prop_oneof![
        prop::collection::vec(pieces, 0..60).prop_map(|v| v.concat()),
        any::<String>(),
    ]
}

proptest! {
    #[test]
    fn truncation_keeps_a_whole_grapheme_prefix_within_the_limit(
        text in tricky_text(),
        limit in 0usize..30,
    ) {
        let trimmed = text.trim();
        let out = truncate(&text, limit);
        match cut(trimmed, limit.max(1)) {
            None => {
                prop_assert_eq!(&*out, trimmed);
                prop_assert!(Count::of(trimmed).units() <= limit.max(1));
            }
            Some(c) => {
                prop_assert!(c.end < trimmed.len());
                prop_assert!(grapheme_boundary(trimmed, c.end), "split at {}", c.end);
                prop_assert!(Count::of(&trimmed[..c.end]).units() <= limit.max(1));
                let kept = if c.ellipsis {
                    out.strip_suffix('…').expect("a cut mid-sentence ends with `…`")
                } else {
                    &*out
                };
                prop_assert!(trimmed.starts_with(kept), "{kept:?} is not a prefix");
                prop_assert!(grapheme_boundary(trimmed, kept.len()));
                prop_assert!(kept.len() < trimmed.len());
            }
        }
    }
}

#[test]
fn the_fast_paths_of_is_cjk_agree_with_the_unicode_tables() {
    for c in (0..=char::MAX as u32).filter_map(char::from_u32) {
        assert_eq!(is_cjk(c), in_cjk_tables(c), "U+{:04X}", c as u32);
    }
    assert!(is_cjk('\u{1100}') && is_cjk('ㄅ') && is_cjk('한') && is_cjk('中') && !is_cjk('。'));
}
