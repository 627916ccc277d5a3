//! Checking a lesson's quiz: every question answerable, and every problem at the line of the
//! question or field that has it. Pure: the parsed questions and the front matter text in,
//! problems out.

use crate::messages::Text;
use crate::model::frontmatter::QuizItem;
use crate::model::yaml_lines::{self, Item};
use crate::text;

/// A quiz problem: the 0-based line within the front matter, what is wrong, how to fix it.
pub type Problem = (usize, Text, Text);

/// The problems of `quiz`, as written in the front matter `yaml`. Options and answers count
/// from 1, as readers see them numbered.
pub fn check(quiz: &[QuizItem], yaml: &str) -> Vec<Problem> {
    let key = yaml_lines::top_level_key(yaml, "quiz");
    let written = key.map_or_else(Vec::new, |(line, col)| yaml_lines::items(yaml, line, col));
    let quiz_line = key.map_or(0, |(line, _)| line);
    let mut problems = Vec::new();
    for (i, q) in quiz.iter().enumerate() {
        let item = written.get(i);
        let at = Place {
            yaml,
            item,
            fallback: item.map_or(quiz_line, |it| it.line),
        };
        let n = i + 1;
        if q.question.trim().is_empty() {
            problems.push((
                at.key("question"),
                text!("quiz.empty_question", n = n),
                text!("quiz.empty_question_fix"),
            ));
        }
        check_options(q, n, &at, &mut problems);
        let count = q.options.len();
        if count >= 2 && (q.answer == 0 || q.answer > count) {
            problems.push((
                at.key("answer"),
                text!("quiz.answer", n = n, answer = q.answer, count = count),
                text!("quiz.answer_fix", count = count),
            ));
        }
    }
    problems
}

fn check_options(q: &QuizItem, n: usize, at: &Place, problems: &mut Vec<Problem>) {
    if q.options.len() < 2 {
        problems.push((
            at.key("options"),
            match q.options.len() {
                1 => text!("quiz.one_option", n = n),
                _ => text!("quiz.no_options", n = n),
            },
            text!("quiz.options_fix"),
        ));
    }
    for (k, option) in q.options.iter().enumerate() {
        let option = option.trim();
        if option.is_empty() {
            problems.push((
                at.option(k),
                text!("quiz.empty_option", n = n, option = k + 1),
                text!("quiz.empty_option_fix"),
            ));
        } else if let Some(first) = q.options[..k].iter().position(|o| o.trim() == option) {
            problems.push((
                at.option(k),
                text!(
                    "quiz.repeated_option",
                    n = n,
                    option = k + 1,
                    first = first + 1,
                    text = option
                ),
                text!("quiz.repeated_option_fix"),
            ));
        }
    }
}

/// Finds the lines of one question's parts, falling back to the question's line.
struct Place<'a> {
    yaml: &'a str,
    item: Option<&'a Item>,
    fallback: usize,
}

impl Place<'_> {
    fn key(&self, key: &str) -> usize {
        self.item
            .and_then(|item| yaml_lines::item_key(self.yaml, item, key))
            .map_or(self.fallback, |(line, _)| line)
    }

    fn option(&self, k: usize) -> usize {
        self.item
            .and_then(|item| yaml_lines::item_key(self.yaml, item, "options"))
            .and_then(|(line, col)| {
                yaml_lines::items(self.yaml, line, col)
                    .get(k)
                    .map(|o| o.line)
            })
            .unwrap_or_else(|| self.key("options"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problems(yaml: &str) -> Vec<(usize, String)> {
        #[derive(serde::Deserialize)]
        struct Meta {
            quiz: Vec<QuizItem>,
        }
        let meta: Meta = serde_yaml::from_str(yaml).expect("yaml");
        check(&meta.quiz, yaml)
            .into_iter()
            .map(|(line, message, _)| (line, message.to_string()))
            .collect()
    }

    #[test]
    fn a_good_quiz_has_no_problems() {
        let yaml = "quiz:\n  - question: Q\n    options: [a, b]\n    answer: 2\n";
        assert!(problems(yaml).is_empty());
    }

    #[test]
    fn each_problem_is_at_its_field() {
        let yaml = "quiz:\n  - question: Q\n    options: [a, b]\n    answer: 2\n  - question: \" \"\n    options:\n      - x\n      - \"x \"\n      - \"\"\n    answer: 4\n  - {question: R, options: [only], answer: 1}\n";
        let found = problems(yaml);
        let lines: Vec<usize> = found.iter().map(|p| p.0).collect();
        assert_eq!(lines, [4, 7, 8, 9, 10], "{found:?}");
        assert!(
            found[1].1.to_string().contains("option 2 repeats option 1"),
            "{found:?}"
        );
        assert!(
            found[2].1.to_string().contains("option 3 is empty"),
            "{found:?}"
        );
        assert!(
            found[3].1.to_string().contains("numbered 1 to 3"),
            "{found:?}"
        );
        assert!(
            found[4].1.to_string().contains("has 1 option;"),
            "{found:?}"
        );
    }

    #[test]
    fn the_fix_lists_the_valid_answers_and_says_they_count_from_one() {
        let yaml = "quiz:\n  - question: Q\n    options: [a, b, c]\n    answer: 0\n";
        #[derive(serde::Deserialize)]
        struct Meta {
            quiz: Vec<QuizItem>,
        }
        let meta: Meta = serde_yaml::from_str(yaml).expect("yaml");
        let found = check(&meta.quiz, yaml);
        assert_eq!(found[0].0, 3);
        assert!(
            found[0].2.to_string().contains("right option, 1 to 3"),
            "{}",
            found[0].2
        );
        assert!(
            found[0].2.to_string().contains("count from 1"),
            "{}",
            found[0].2
        );
    }
}
