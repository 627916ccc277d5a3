//! A message of the catalogue held as its key and the values it fills in, so that the library
//! can say what went wrong without knowing the reader's language; the edge (the CLI, the live
//! preview's overlay) puts it into words with [`Text::render`].

use super::Language;
use std::fmt;

/// A catalogue message with its values, put into words in a language on demand.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Text {
    /// The catalogue key; empty for no message at all.
    key: &'static str,
    /// The `{name}`s the message fills in, with their values.
    args: Vec<(&'static str, Arg)>,
}

/// A value a message fills in: as it is (a file name, a number, another program's words) or
/// another message, put into words in the same language.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Arg {
    /// Shown as it is in every language.
    Value(String),
    /// A message of its own.
    Text(Text),
}

impl Text {
    /// The message `key` filling in `args`; built by [`text!`](crate::text).
    pub fn new(key: &'static str, args: Vec<(&'static str, Arg)>) -> Text {
        Text { key, args }
    }

    /// No message: renders as nothing (a problem without a fix, no "did you mean").
    pub fn none() -> Text {
        Text::default()
    }

    /// Whether this is [`Text::none`].
    pub fn is_empty(&self) -> bool {
        self.key.is_empty()
    }

    /// The message in `lang`.
    pub fn render(&self, lang: Language) -> String {
        if self.key.is_empty() {
            return String::new();
        }
        // Nested messages first, in the same language; then the catalogue's own filling.
        let values: Vec<String> = self
            .args
            .iter()
            .map(|(_, arg)| match arg {
                Arg::Value(v) => v.clone(),
                Arg::Text(t) => t.render(lang),
            })
            .collect();
        let args: Vec<(&str, &dyn fmt::Display)> = self
            .args
            .iter()
            .zip(&values)
            .map(|((name, _), value)| (*name, value as &dyn fmt::Display))
            .collect();
        super::text(lang, self.key, &args)
    }

    /// Whether `value` is one of the values the message fills in, or its parts'.
    pub fn mentions(&self, value: &str) -> bool {
        self.args.iter().any(|(_, arg)| match arg {
            Arg::Value(v) => v == value,
            Arg::Text(t) => t.mentions(value),
        })
    }
}

/// English, for logs, `Display` of errors and tests; readers get [`Text::render`].
impl fmt::Display for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(Language::En))
    }
}

/// What a message can fill in: values shown as they are, and other messages.
pub trait ToArg {
    /// The value as an argument.
    fn to_arg(&self) -> Arg;
}

impl ToArg for Text {
    fn to_arg(&self) -> Arg {
        Arg::Text(self.clone())
    }
}

impl<T: ToArg + ?Sized> ToArg for &T {
    fn to_arg(&self) -> Arg {
        (**self).to_arg()
    }
}

/// Values shown as they are.
macro_rules! value_args {
    ($($t:ty),*) => {$(
        impl ToArg for $t {
            fn to_arg(&self) -> Arg {
                Arg::Value(self.to_string())
            }
        }
    )*};
}

value_args!(
    str,
    String,
    char,
    usize,
    u8,
    u16,
    u32,
    u64,
    i32,
    i64,
    f64,
    std::path::Display<'_>
);

/// A catalogue message to render later: `text!("key", name = value, …)`. A value is shown as
/// it is unless it is itself a [`Text`], which is rendered in the same language.
#[macro_export]
macro_rules! text {
    ($key:literal $(, $name:ident = $value:expr)* $(,)?) => {
        $crate::messages::Text::new(
            $key,
            vec![$((stringify!($name), $crate::messages::ToArg::to_arg(&$value))),*],
        )
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_in_each_language_with_nested_messages() {
        let guess = crate::text!("did_you_mean", word = "fire");
        let t = crate::text!("new.unknown_category", id = "fier", suggestion = guess);
        assert_eq!(
            t.render(Language::En),
            "unknown category `fier` (did you mean `fire`?)"
        );
        assert!(t.render(Language::Zh).contains("fier"));
        assert_ne!(t.render(Language::Zh), t.render(Language::En));
        assert_eq!(t.to_string(), t.render(Language::En));
    }

    #[test]
    fn none_renders_as_nothing() {
        let t = crate::text!("new.unknown_category", id = "x", suggestion = Text::none());
        assert_eq!(t.render(Language::En), "unknown category `x`");
        assert!(Text::none().is_empty() && Text::none().render(Language::Zh).is_empty());
    }
}
