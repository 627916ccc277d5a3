//! Lesson quizzes: only pages with a quiz load the quiz script; without JavaScript the
//! `<details>` answers are all there; a quiz that cannot be answered is a build error at the
//! line of the question or field. (The script itself runs in Chromium in `browser.rs`.)

mod common;

use common::{Page, SiteTest, files_under};
use std::fs;

const LESSON: &str = "content/lessons/fire/bad.md";

#[test]
fn only_pages_with_a_quiz_load_the_quiz_script() {
    let t = SiteTest::fixture("basic");
    t.build();
    let public = t.root.join("public");
    let (mut with, mut without) = (Vec::new(), 0);
    for file in files_under(&public) {
        if !file.ends_with(".html") {
            continue;
        }
        let page = t.html(&file);
        let scripts = page.attrs("script[src$=\"js/quiz.js\"]", "src");
        if page.count("section.quiz") > 0 {
            assert_eq!(scripts, ["/js/quiz.js"], "{file}");
            assert_eq!(
                page.count("head script[src$=\"js/quiz.js\"][defer]"),
                1,
                "{file}"
            );
            with.push(file);
        } else {
            assert!(
                scripts.is_empty(),
                "{file} has no quiz but loads {scripts:?}"
            );
            without += 1;
        }
    }
    assert_eq!(with, ["lessons/fire/extinguisher/index.html"]);
    assert!(without > 10, "{without} pages without a quiz");
    let script = t.read("js/quiz.js");
    assert!(
        script.contains("quiz__choice"),
        "the theme's quiz script is copied"
    );
}

#[test]
fn without_javascript_each_question_has_its_options_and_a_details_answer() {
    let t = SiteTest::fixture("basic");
    t.build();
    let page = t.html("lessons/fire/extinguisher/index.html");
    assert_eq!(page.count(".quiz .quiz__item"), 1);
    assert_eq!(page.attrs(".quiz__item", "data-answer"), ["2"]);
    assert_eq!(
        page.text(".quiz__item h3.quiz__question"),
        "Question 1 Where do you aim?"
    );
    assert_eq!(
        page.texts(".quiz__item ol.quiz__options[type=A] > li"),
        ["At the flames", "At the base of the fire"]
    );
    assert_eq!(
        page.text(".quiz__item details.quiz__answer > summary"),
        "Show answer"
    );
    assert_eq!(
        page.texts(".quiz__item details.quiz__answer .quiz__answer-body p"),
        [
            "Correct answer: B. At the base of the fire",
            "The fuel burns at the base."
        ]
    );
    assert_eq!(
        page.text(".quiz .quiz__intro"),
        "Pick an answer to each question, then open “Show answer” to check it."
    );
    // The words the script shows come from the theme's strings in the page's language.
    assert_eq!(page.attrs(".quiz", "data-quiz-right"), ["Correct!"]);
    assert_eq!(
        page.attrs(".quiz", "data-quiz-score-one"),
        ["You got {correct} of {total} question right."]
    );
    assert_eq!(
        page.count(".quiz button"),
        0,
        "buttons come only with the script"
    );
}

/// Builds the `basic` fixture with `text` as a lesson; returns the failure's standard error.
fn fails(files: &[(&str, &str)]) -> String {
    let t = SiteTest::fixture("basic");
    for (rel, text) in files {
        t.write(rel, text);
    }
    let run = t.run(&[]);
    assert_eq!(run.code, 1, "exit code; stderr:\n{}", run.stderr);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    run.stderr
}

fn lesson_with_quiz(quiz: &str) -> String {
    format!("---\ntitle: Bad quiz\ndate: 2026-01-01\nquiz:\n{quiz}---\nBody.\n")
}

#[test]
fn an_answer_out_of_range_names_its_line_and_the_valid_answers() {
    let quiz =
        "  - question: \"Where?\"\n    options: [\"Up\", \"Down\", \"Left\"]\n    answer: 4\n";
    let err = fails(&[(LESSON, &lesson_with_quiz(quiz))]);
    assert!(
        err.contains("content/lessons/fire/bad.md:7:1: quiz question 1 has `answer: 4`, but its options are numbered 1 to 3"),
        "{err}"
    );
    assert!(
        err.contains("1 to 3 (options count from 1, not 0)"),
        "{err}"
    );
    let zero = "  - {question: A, options: [x, y], answer: 1}\n  - {question: B, options: [x, y], answer: 0}\n";
    let err = fails(&[(LESSON, &lesson_with_quiz(zero))]);
    assert!(
        err.contains(
            "bad.md:6:1: quiz question 2 has `answer: 0`, but its options are numbered 1 to 2"
        ),
        "{err}"
    );
    assert!(err.contains("1 to 2 (options count from 1"), "{err}");
}

#[test]
fn fewer_than_two_options_names_the_options_line() {
    let quiz = "  - question: A\n    options: [x, y]\n    answer: 1\n  - question: B\n    options:\n      - only\n    answer: 1\n";
    let err = fails(&[(LESSON, &lesson_with_quiz(quiz))]);
    assert!(
        err.contains("bad.md:9:1: quiz question 2 has 1 option; a question needs at least two"),
        "{err}"
    );
}

#[test]
fn a_repeated_option_names_the_line_of_the_repeat() {
    let quiz = "  - question: A\n    options:\n      - \"Call 119\"\n      - \"Run\"\n      - \" Call 119 \"\n    answer: 1\n";
    let err = fails(&[(LESSON, &lesson_with_quiz(quiz))]);
    assert!(
        err.contains("bad.md:9:1: quiz question 1: option 3 repeats option 1 (`Call 119`)"),
        "{err}"
    );
}

#[test]
fn an_empty_question_or_option_names_its_line() {
    let quiz = "  - question: \"\"\n    options: [a, \" \"]\n    answer: 1\n";
    let err = fails(&[(LESSON, &lesson_with_quiz(quiz))]);
    assert!(
        err.contains("bad.md:5:1: quiz question 1 has an empty `question`"),
        "{err}"
    );
    assert!(
        err.contains("bad.md:6:1: quiz question 1: option 2 is empty"),
        "{err}"
    );
}

#[test]
fn every_quiz_problem_of_a_run_is_reported_together() {
    let one = "  - {question: A, options: [x], answer: 1}\n";
    let two = "  - question: B\n    options: [x, x]\n    answer: 3\n";
    let err = fails(&[
        (LESSON, &lesson_with_quiz(one)),
        ("content/lessons/traffic/worse.md", &lesson_with_quiz(two)),
    ]);
    for expected in [
        "bad.md:5:1: quiz question 1 has 1 option",
        "worse.md:6:1: quiz question 1: option 2 repeats option 1",
        "worse.md:7:1: quiz question 1 has `answer: 3`",
        "3 problems",
    ] {
        assert!(err.contains(expected), "{expected:?} in:\n{err}");
    }
    // Fixed, the same site builds.
    let t = SiteTest::fixture("basic");
    t.write(
        LESSON,
        &lesson_with_quiz("  - {question: A, options: [x, y], answer: 2}\n"),
    );
    assert_eq!(t.run(&[]).code, 0);
    assert!(fs::read_to_string(t.out("lessons/fire/bad/index.html")).is_ok());
    let page = Page(scraper::Html::parse_document(
        &t.read("lessons/fire/bad/index.html"),
    ));
    assert_eq!(page.attrs(".quiz__item", "data-answer"), ["2"]);
}
