// Quiz feedback, as progressive enhancement of a lesson's quiz (lesson.html): each option
// becomes a button; choosing one says in words whether it is right, shows the answer and
// the explanation (taken from the question's <details>), and after the last question the
// score. The words come from the page (data-quiz-* on the quiz section, from the theme's UI
// strings). Without this script the <details> answers work as they always did.
(function () {
  "use strict";
  var quiz = document.querySelector(".quiz[data-quiz-right]");
  if (!quiz || !quiz.replaceChildren) return; // Older browsers keep the <details>.
  var words = quiz.dataset;
  var items = [].slice.call(quiz.querySelectorAll(".quiz__item[data-answer]"));
  var rules = window.Intl && Intl.PluralRules ? new Intl.PluralRules(document.documentElement.lang) : null;
  var score = element("p", "quiz__score");
  score.setAttribute("role", "status");
  var again = element("button", "button button--secondary quiz__again");
  again.type = "button";
  again.textContent = words.quizAgain;
  again.hidden = true;
  var done = 0, right = 0;

  function element(name, cls) {
    var e = document.createElement(name);
    e.className = cls;
    return e;
  }

  function upgrade(item) {
    var answer = Number(item.dataset.answer);
    var details = item.querySelector(".quiz__answer");
    var feedback = element("div", "quiz__feedback");
    feedback.setAttribute("role", "status");
    var choices = [].slice.call(item.querySelectorAll(".quiz__options > li")).map(function (li, k) {
      var button = element("button", "quiz__choice");
      button.type = "button";
      var letter = element("span", "quiz__letter");
      letter.textContent = String.fromCharCode(65 + k);
      var text = element("span", "quiz__text");
      text.textContent = li.textContent;
      var mark = element("span", "quiz__mark");
      button.append(letter, text, mark);
      li.replaceChildren(button);
      button.addEventListener("click", function () { choose(k + 1); });
      return button;
    });
    function choose(picked) {
      if (item.dataset.state) return;
      var ok = picked === answer;
      item.dataset.state = ok ? "right" : "wrong";
      choices.forEach(function (button, k) {
        button.setAttribute("aria-disabled", "true");
        var state = k + 1 === answer ? "right" : k + 1 === picked ? "wrong" : "";
        if (state) button.dataset.state = state;
        button.lastChild.textContent = state === "right" ? words.quizRightMark : state ? words.quizYourChoice : "";
      });
      var verdict = element("p", "quiz__verdict");
      verdict.textContent = ok ? words.quizRight : words.quizWrong;
      var body = details.querySelector(".quiz__answer-body").cloneNode(true);
      body.className = "quiz__explain";
      feedback.replaceChildren(verdict, body);
      done += 1;
      right += ok ? 1 : 0;
      if (done === items.length) finish();
    }
    item.insertBefore(feedback, details);
    details.hidden = true;
    item.reset = function () {
      delete item.dataset.state;
      feedback.replaceChildren();
      choices.forEach(function (button) {
        button.removeAttribute("aria-disabled");
        delete button.dataset.state;
        button.lastChild.textContent = "";
      });
    };
    item.first = choices[0];
  }

  function finish() {
    var form = rules && rules.select(items.length) === "one" ? words.quizScoreOne : words.quizScoreOther;
    score.textContent = form.replace("{correct}", right).replace("{total}", items.length);
    again.hidden = false;
  }

  again.addEventListener("click", function () {
    items.forEach(function (item) { item.reset(); });
    done = right = 0;
    score.textContent = "";
    again.hidden = true;
    if (items[0] && items[0].first) items[0].first.focus();
  });

  items.forEach(upgrade);
  var intro = quiz.querySelector(".quiz__intro");
  if (intro) intro.textContent = words.quizIntro;
  quiz.append(score, again);
  quiz.classList.add("quiz--live");
})();
