//! The words the Markdown stage writes into its own markup (callout titles, names of task-list
//! checkboxes). They are UI strings of the theme, so they are not decided while parsing:
//! [`render`](super::render) receives them as [`Labels`] for the page's language.

use pulldown_cmark::BlockQuoteKind;

/// Callout titles and task-list checkbox names in one language.
///
/// The pipeline fills it from the theme's `i18n/<lang>.yaml` (the keys in [`Labels::KEYS`]);
/// there are no built-in words, so a language's words are always its own.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Labels {
    /// Title of `> [!NOTE]`.
    pub note: String,
    /// Title of `> [!TIP]`.
    pub tip: String,
    /// Title of `> [!IMPORTANT]`.
    pub important: String,
    /// Title of `> [!WARNING]`.
    pub warning: String,
    /// Title of `> [!CAUTION]`.
    pub caution: String,
    /// Accessible name of a checked task-list box.
    pub task_done: String,
    /// Accessible name of an unchecked task-list box.
    pub task_not_done: String,
}

impl Labels {
    /// The UI-string keys the labels are read from, in field order.
    pub const KEYS: [&'static str; 7] = [
        "callout_note",
        "callout_tip",
        "callout_important",
        "callout_warning",
        "callout_caution",
        "task_done",
        "task_not_done",
    ];

    /// The labels found by `lookup(key)` for [`Labels::KEYS`]; `Err` names a key it lacks.
    pub fn from_strings<'a>(
        lookup: impl Fn(&str) -> Option<&'a str>,
    ) -> Result<Labels, &'static str> {
        let [
            note,
            tip,
            important,
            warning,
            caution,
            task_done,
            task_not_done,
        ] = Labels::KEYS.map(|key| lookup(key).map(str::to_string).ok_or(key));
        Ok(Labels {
            note: note?,
            tip: tip?,
            important: important?,
            warning: warning?,
            caution: caution?,
            task_done: task_done?,
            task_not_done: task_not_done?,
        })
    }

    /// The opening markup of a callout: an `<aside>` named and titled with the kind's word.
    pub(super) fn callout_start(&self, kind: BlockQuoteKind) -> String {
        let (class, label) = match kind {
            BlockQuoteKind::Note => ("note", &self.note),
            BlockQuoteKind::Tip => ("tip", &self.tip),
            BlockQuoteKind::Important => ("important", &self.important),
            BlockQuoteKind::Warning => ("warning", &self.warning),
            BlockQuoteKind::Caution => ("caution", &self.caution),
        };
        let label = escape(label);
        format!(
            "<aside class=\"callout callout-{class}\" aria-label=\"{label}\">\n<p class=\"callout-title\">{label}</p>\n"
        )
    }

    /// A task-list checkbox; pulldown-cmark's has no accessible name, this one does.
    pub(super) fn task_marker(&self, done: bool) -> String {
        let (checked, label) = if done {
            (" checked=\"\"", &self.task_done)
        } else {
            ("", &self.task_not_done)
        };
        let label = escape(label);
        format!("<input type=\"checkbox\" disabled=\"\"{checked} aria-label=\"{label}\"/>\n")
    }
}

/// Escapes text for use in element content and in a double-quoted attribute.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}
