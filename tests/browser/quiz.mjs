// A lesson's quiz in headless Chromium at a phone's width (360 px), as a reader uses it:
//   node quiz.mjs <output-folder> <path> <expected-json>
// expected: {"right", "wrong", "rightMark", "yourChoice", "score", "scoreAllRight"} — the words
// the reader must see, and the score after answering the first question wrong and the others
// right, then after answering all right. With JavaScript: each choice says right or wrong in
// words, shows the explanation, keeps the focus on the chosen button, announces through a
// live region; the score comes after the last question; "try again" starts over; axe finds
// nothing once answered. Without JavaScript: the <details> still reveal the answers.
// Prints `ok`; exits non-zero with what went wrong otherwise.
import { normalize } from "node:path";
import { serveStatic, launch, axeViolations, finish } from "./lib.mjs";

const [dir, path, json] = process.argv.slice(2);
if (!dir || !path || !json) {
  console.error("usage: node quiz.mjs <output-folder> <path> <expected-json>");
  process.exit(2);
}
const want = JSON.parse(json);
const problems = [];
const check = (ok, what) => { if (!ok) problems.push(what); };

const server = await serveStatic(normalize(dir), "/");
const url = `http://127.0.0.1:${server.address().port}${path}`;
const browser = await launch();

// With JavaScript.
{
  const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
  const page = await context.newPage();
  await page.goto(url, { waitUntil: "load" });
  await page.waitForSelector(".quiz.quiz--live", { timeout: 5000 });
  const items = page.locator(".quiz__item");
  const count = await items.count();
  check(count > 0, "no quiz questions");
  check(await page.locator(".quiz__answer:visible").count() === 0, "the <details> answers stay visible next to the buttons");
  const score = page.locator(".quiz__score[role=status]");
  for (let i = 0; i < count; i++) {
    const item = items.nth(i);
    const answer = Number(await item.getAttribute("data-answer"));
    const choices = item.locator("button.quiz__choice");
    const n = await choices.count();
    check(n >= 2, `question ${i + 1}: ${n} buttons`);
    const explanation = (await item.locator(".quiz__answer-body").textContent()).trim();
    const picked = i === 0 ? (answer === 1 ? 2 : 1) : answer;
    const button = choices.nth(picked - 1);
    if (i === 0) {
      await button.click();
    } else {
      await button.focus(); // by keyboard
      await page.keyboard.press(i % 2 ? "Enter" : "Space");
    }
    const right = picked === answer;
    const feedback = item.locator(".quiz__feedback[role=status]");
    const said = (await feedback.textContent()).replace(/\s+/g, " ").trim();
    check(said.startsWith(right ? want.right : want.wrong), `question ${i + 1}: feedback "${said}"`);
    check(said.includes(explanation.replace(/\s+/g, " ")), `question ${i + 1}: no explanation in "${said}" (want "${explanation}")`);
    check(await item.getAttribute("data-state") === (right ? "right" : "wrong"), `question ${i + 1}: state`);
    const marks = await choices.evaluateAll((bs) => bs.map((b) => b.querySelector(".quiz__mark").textContent));
    check(marks[answer - 1] === want.rightMark, `question ${i + 1}: the right option is marked "${marks[answer - 1]}"`);
    if (!right) check(marks[picked - 1] === want.yourChoice, `question ${i + 1}: the wrong choice is marked "${marks[picked - 1]}"`);
    const focused = await button.evaluate((b) => b === document.activeElement);
    check(focused, `question ${i + 1}: the focus left the chosen button`);
    if (i < count - 1) check((await score.textContent()) === "", "a score before the last question");
    // A second choice changes nothing.
    await choices.nth(picked === 1 ? 1 : 0).click({ force: true }); // aria-disabled: Playwright would wait
    check(await item.getAttribute("data-state") === (right ? "right" : "wrong"), `question ${i + 1}: changed by a second choice`);
  }
  check((await score.textContent()) === want.score, `score "${await score.textContent()}", want "${want.score}"`);
  for (const v of await axeViolations(page)) problems.push(`axe after answering: ${v}`);
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  check(width <= 360, `scrolls sideways at 360 px (${width} px wide)`);
  // Try again: a fresh quiz, focus on the first option.
  await page.locator(".quiz__again").click();
  check((await score.textContent()) === "", "the score stays after trying again");
  check(await page.locator(".quiz__item[data-state]").count() === 0, "answers stay after trying again");
  const first = page.locator(".quiz__item button.quiz__choice").first();
  check(await first.evaluate((b) => b === document.activeElement), "try again does not focus the first option");
  for (let i = 0; i < count; i++) {
    const answer = Number(await items.nth(i).getAttribute("data-answer"));
    await items.nth(i).locator("button.quiz__choice").nth(answer - 1).click();
  }
  check((await score.textContent()) === want.scoreAllRight, `score "${await score.textContent()}", want "${want.scoreAllRight}"`);
  await context.close();
}

// Without JavaScript: the details reveal each answer.
{
  const context = await browser.newContext({ viewport: { width: 360, height: 740 }, javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(url, { waitUntil: "load" });
  check(await page.locator(".quiz--live, button.quiz__choice").count() === 0, "upgraded without JavaScript");
  const details = page.locator(".quiz__item details.quiz__answer");
  const count = await details.count();
  check(count > 0 && count === await page.locator(".quiz__item").count(), "a question without <details>");
  for (let i = 0; i < count; i++) {
    const body = details.nth(i).locator(".quiz__answer-body");
    check(!(await body.isVisible()), `answer ${i + 1} shown before opening`);
    await details.nth(i).locator("summary").click();
    check(await body.isVisible(), `answer ${i + 1} not shown after opening`);
  }
  await context.close();
}

await finish(browser, server, problems);
