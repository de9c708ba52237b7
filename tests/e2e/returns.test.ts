// Quarterly returns end to end in a real browser, driven like a person by labels and roles:
// - the provider files the 2026-27 Q3 return of PRJ-2026-001 (Chorley Family Links) through
//   its task list: a figure far from target needs a comment, spend far from the profile needs
//   a reason, and a case study naming "Mrs Smith" with an e-mail address is refused with
//   exactly what was found; then check your answers, the declaration, and the confirmation;
// - the Chorley officer finds it in the review queue, reads every figure beside its target
//   with its RAG word, and queries one figure;
// - the provider, with JavaScript OFF (to prove the forms work without it), reads exactly
//   what was asked, changes the figure and resubmits;
// - the officer approves it, and the versions page shows what changed from version 1 to 2;
// - at 320 CSS pixels the task list and the review page need no sideways scrolling.
// axe checks every page visited, against WCAG 2.2 A and AA.
import type { Locator, Page } from "playwright-core";
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import {
  browserAvailable,
  DESKTOP,
  expectNoAxeViolations,
  expectNoHorizontalScroll,
  expectVisible,
  launchBrowser,
  mainHeading,
  signIn,
  signOut,
  consoleErrors,
  uncheckedUrls,
  visitedUrls,
  waitUntilInteractive,
  type Browser,
} from "./browser";

const PROVIDER = "provider@demo.example";
const OFFICER = "chorley.officer@demo.example";
const ADMIN = "admin@demo.example";

/** The seeded project (Chorley Family Links) and the return filed here (demo/tenders.ts, demo/returns.ts). */
const PROJECT = { reference: "PRJ-2026-001" };
const QUARTER = "2026-27 Q3";
/** Its indicators: 10 families a quarter, 70% of plans closed with needs met. */
const OUTPUT = { name: "Families supported", target: "10" };
const OUTCOME = { name: "Plans closed with needs met" };
/** Q3's spend profile: £4,500 of the £18,000 award, 70% staff. */
const PROFILE = { staff: "£3,150.00", delivery: "£1,350.00" };

const FIRST = { families: "6", familiesComment: "Two family workers were off sick for most of November, so fewer new plans were agreed." };
const QUERY = "Six families is well below the target of 10. Please check this figure against your attendance register and correct it if needed.";
const SECOND = { families: "9", familiesComment: "Corrected from the register: 9 families had an agreed plan. Three were recorded late." };

const PERSONAL_STORY =
  "Mrs Smith came to the school drop-in worried about her son. Her family worker (jo.worker@example.org) agreed a support plan with the school.";
const ANONYMOUS_STORY =
  "A mother came to the school drop-in worried about her son's attendance. Her family worker agreed a support plan with the school, and his attendance rose over the term.";
const CASE_STUDY_TITLE = "Back to school with confidence";

/** The success banner a page shows after a form, found by its role and text. */
function successBanner(page: Page, text: string | RegExp): Locator {
  return page.getByRole("alert").filter({ has: page.getByRole("heading", { name: "Success" }) }).filter({ hasText: text });
}

/** The error summary, by its role and heading. */
function errorSummary(page: Page): Locator {
  return page.getByRole("alert").filter({ has: page.getByRole("heading", { name: "There is a problem" }) });
}

/** The value beside a key in a summary list (dt/dd): read from the term found by role. */
async function summaryValue(scope: Page | Locator, key: string): Promise<string> {
  const term = scope.getByRole("term").filter({ hasText: new RegExp(`^\\s*${key.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\s*$`) });
  await expectVisible(term);
  return term.first().evaluate((dt) => ((dt.nextElementSibling as HTMLElement | null)?.innerText ?? "").replace(/\s+/g, " ").trim());
}

/**
 * Clicks, waits for the address to match, for the page to be interactive and for its main
 * heading; if another heading shows (an error page), the failure says which.
 */
async function go(page: Page, click: () => Promise<void>, path: RegExp, heading: string | RegExp): Promise<void> {
  await click();
  await page.waitForURL((url) => path.test(url.pathname));
  try {
    await waitUntilInteractive(page);
    await expectVisible(mainHeading(page).filter({ hasText: heading }));
  } catch (error) {
    const shown = (await mainHeading(page).allInnerTexts()).map((h) => `“${h.replace(/\s+/g, " ").trim()}”`);
    throw new Error(
      `${new URL(page.url()).pathname} should have the main heading ${String(heading)}, but shows ${shown.join(", ") || "no main heading"}`,
      { cause: error },
    );
  }
}

/** A return's link in the officer's queue: "PRJ-2026-001: 2026-27 Q3 return" (Chromium puts a space before the hidden part). */
const queueLink = (page: Page, quarter: string) =>
  page.getByRole("link", { name: new RegExp(`^${PROJECT.reference}\\s*: ${quarter} return$`) });

const menuLink = (page: Page, name: string) => page.getByRole("navigation", { name: "Menu" }).getByRole("link", { name, exact: true });

/** The task list's entry for a section: its link (by name) and the status beside it. */
const sectionLink = (page: Page, name: string) => page.getByRole("main").getByRole("link", { name, exact: true });
async function sectionStatus(page: Page, name: string): Promise<string> {
  const link = sectionLink(page, name);
  await expectVisible(link);
  // The link is described by its status (aria-describedby), as the GOV.UK task list does it.
  return link.evaluate((a) => document.getElementById(a.getAttribute("aria-describedby") ?? "")?.textContent?.trim() ?? "");
}

/** "Have you completed this section?" Yes, then "Save and continue": back to the task list. */
async function completeAndContinue(page: Page, returnPath: string, saved: string): Promise<void> {
  await page.getByRole("group", { name: "Have you completed this section?" }).getByLabel("Yes, I've completed this section", { exact: true }).check();
  await go(page, () => page.getByRole("button", { name: "Save and continue" }).click(), new RegExp(`^${returnPath}$`), `${QUARTER} quarterly return`);
  await expectVisible(successBanner(page, saved));
}

/** The rows of a table as arrays of cell texts (headers included), for readable assertions. */
async function tableRows(table: Locator): Promise<string[][]> {
  await expectVisible(table);
  return table.evaluate((t) =>
    [...(t as HTMLTableElement).rows].map((row) => [...row.cells].map((cell) => (cell.textContent ?? "").replace(/\s+/g, " ").trim())),
  );
}

describe.skipIf(!browserAvailable())("quarterly returns: filing, review, query, resubmission and approval in Chromium", () => {
  let browser: Browser;
  let page: Page;
  /** The Q3 return's task list, once the provider has opened it: /returns/<id>. */
  let returnPath = "";

  beforeAll(async () => {
    browser = await launchBrowser({ viewport: DESKTOP });
    page = browser.page;
  });

  afterAll(async () => {
    await browser?.close();
  });

  beforeEach(async () => {
    await browser.context.clearCookies();
    await page.setViewportSize(DESKTOP);
  });

  test("an administrator lets returns be submitted in the last 30 days of their quarter", async () => {
    // The Q3 return filed next may be submitted only once Q3 ends (31 December 2026), unless
    // the council takes returns early: from 2 December 2026 with 30 days.
    await signIn(page, ADMIN);
    await expectNoAxeViolations(page);
    await go(page, () => menuLink(page, "Admin").click(), /^\/admin$/, "Admin");
    await expectNoAxeViolations(page);
    await go(page, () => page.getByRole("link", { name: "Settings", exact: true }).click(), /^\/admin\/settings$/, "Settings");
    await expectNoAxeViolations(page);
    const early = page.getByLabel("Returns can be submitted early (days before the quarter ends)");
    expect(await early.inputValue()).toBe("0");
    await early.fill("30");
    await page.getByRole("button", { name: "Save settings" }).click();
    await expectVisible(successBanner(page, "Settings have been saved"));
    expect(await page.getByLabel("Returns can be submitted early (days before the quarter ends)").inputValue()).toBe("30");
    await expectNoAxeViolations(page);
    await signOut(page);
    await expectNoAxeViolations(page);
  });

  test("the provider files the Q3 return through its task list, checks the answers, declares and submits", async () => {
    await signIn(page, PROVIDER);
    await expectNoAxeViolations(page);

    await go(page, () => menuLink(page, "Your returns").click(), /^\/returns$/, "Your returns");
    await expectNoAxeViolations(page);
    await go(
      page,
      () => page.getByRole("link", { name: `${QUARTER} return for ${PROJECT.reference}`, exact: true }).click(),
      /^\/returns\/[^/]+$/,
      `${QUARTER} quarterly return`,
    );
    returnPath = new URL(page.url()).pathname;
    // (Should the clock pass the due date, the return is also marked as overdue or late.)
    expect(await summaryValue(page, "Status")).toMatch(/^Not started( Overdue)?$/);
    await expectVisible(page.getByRole("heading", { name: "Sections (0 of 7 completed)" }));
    expect(await sectionStatus(page, "Outputs")).toBe("Not started");
    // Nothing to submit yet.
    expect(await page.getByRole("link", { name: "Check and submit" }).count()).toBe(0);
    await expectNoAxeViolations(page);

    // Outputs: 6 against a target of 10 is 40% off, so a comment is needed.
    await go(page, () => sectionLink(page, "Outputs").click(), new RegExp(`^${returnPath}/outputs$`), "Outputs");
    const families = page.getByRole("group", { name: OUTPUT.name, exact: true });
    expect(await summaryValue(families, `Target for ${QUARTER}`)).toBe(OUTPUT.target);
    await families.getByLabel(`Actual for ${QUARTER}`, { exact: true }).fill(FIRST.families);
    await page.getByRole("group", { name: "Have you completed this section?" }).getByLabel("Yes, I've completed this section", { exact: true }).check();
    await page.getByRole("button", { name: "Save and continue" }).click();
    const needComment = `Explain why ${OUTPUT.name} is more than 20% away from its target of ${OUTPUT.target}`;
    await expectVisible(errorSummary(page).getByRole("link", { name: needComment, exact: true }));
    // The error is beside the comment box too, and what was typed is kept.
    await expectVisible(families.getByText(`Error: ${needComment}`, { exact: true }));
    expect(await families.getByLabel(`Actual for ${QUARTER}`, { exact: true }).inputValue()).toBe(FIRST.families);
    expect(new URL(page.url()).pathname).toBe(`${returnPath}/outputs`);
    await expectNoAxeViolations(page);
    await families.getByLabel("Comment", { exact: true }).fill(FIRST.familiesComment);
    // GOV.UK Frontend ignores a second press of the same button within a second: read the
    // error first, as a person would.
    await page.waitForTimeout(1_000);
    await completeAndContinue(page, returnPath, "Outputs saved and marked as complete.");
    expect(await sectionStatus(page, "Outputs")).toBe("Completed");
    await expectNoAxeViolations(page);

    // Outcomes: 72% against 70%, no comment needed.
    await go(page, () => sectionLink(page, "Outcomes").click(), new RegExp(`^${returnPath}/outcomes$`), "Outcomes");
    const plans = page.getByRole("group", { name: OUTCOME.name, exact: true });
    expect(await summaryValue(plans, `Target for ${QUARTER}`)).toBe("70%");
    await plans.getByLabel(`Actual for ${QUARTER} (%)`, { exact: true }).fill("72");
    await expectNoAxeViolations(page);
    await completeAndContinue(page, returnPath, "Outcomes saved and marked as complete.");
    await expectNoAxeViolations(page);

    // Spend: staff on profile; delivery £900 against £1,350, so a reason is needed.
    await go(page, () => sectionLink(page, "Spend").click(), new RegExp(`^${returnPath}/spend$`), "Spend");
    const staff = page.getByRole("group", { name: "Staff", exact: true });
    const delivery = page.getByRole("group", { name: "Delivery", exact: true });
    await expectVisible(staff.getByText(`Profile for ${QUARTER}: ${PROFILE.staff}`));
    await expectVisible(delivery.getByText(`Profile for ${QUARTER}: ${PROFILE.delivery}`));
    await staff.getByLabel(`Spent on staff in ${QUARTER}`, { exact: true }).fill("3150");
    await delivery.getByLabel(`Spent on delivery in ${QUARTER}`, { exact: true }).fill("900");
    await page.getByRole("group", { name: "Have you completed this section?" }).getByLabel("Yes, I've completed this section", { exact: true }).check();
    await page.getByRole("button", { name: "Save and continue" }).click();
    const needReason = `Explain why spend on delivery is more than 10% away from its profile of ${PROFILE.delivery}`;
    await expectVisible(errorSummary(page).getByRole("link", { name: needReason, exact: true }));
    await expectVisible(delivery.getByText(`Error: ${needReason}`, { exact: true }));
    // Only delivery needs a reason.
    expect(await errorSummary(page).getByRole("listitem").count()).toBe(1);
    await expectNoAxeViolations(page);
    await delivery.getByLabel("Reason for the difference from the profile", { exact: true }).fill(
      "The autumn parenting group was postponed to January, so its room hire and materials were not spent.",
    );
    await page.waitForTimeout(1_000);
    await completeAndContinue(page, returnPath, "Spend saved and marked as complete.");
    await expectNoAxeViolations(page);

    // Beneficiaries by age band, new and continuing.
    await go(page, () => sectionLink(page, "Beneficiaries").click(), new RegExp(`^${returnPath}/beneficiaries$`), "Beneficiaries");
    const byAge = page.getByRole("region", { name: "Beneficiaries by age" });
    const counts: [string, string, string][] = [["0 to 4", "2", "4"], ["5 to 10", "3", "6"], ["11 to 15", "1", "2"], ["Adults (26 and over)", "5", "9"]];
    for (const [band, fresh, continuing] of counts) {
      await byAge.getByLabel(`New, ${band}`, { exact: true }).fill(fresh);
      await byAge.getByLabel(`Continuing, ${band}`, { exact: true }).fill(continuing);
    }
    await expectNoAxeViolations(page);
    await completeAndContinue(page, returnPath, "Beneficiaries saved and marked as complete.");
    await expectNoAxeViolations(page);

    // Narrative: all four answers.
    await go(page, () => sectionLink(page, "Narrative").click(), new RegExp(`^${returnPath}/narrative$`), "Narrative");
    await page.getByLabel("Highlights", { exact: true }).fill("The holiday drop-in at half term reached 14 families, five of them new.");
    // Saved as it is typed: away to the task list and back, the words are still there.
    await expectVisible(page.getByRole("status").filter({ hasText: /^Saved automatically at \d{1,2}:\d{2}(am|pm)\.$/ }));
    await go(page, () => page.getByRole("link", { name: "Back to the return" }).click(), new RegExp(`^${returnPath}$`), `${QUARTER} quarterly return`);
    await expectNoAxeViolations(page);
    await go(page, () => sectionLink(page, "Narrative").click(), new RegExp(`^${returnPath}/narrative$`), "Narrative");
    expect(await page.getByLabel("Highlights", { exact: true }).inputValue()).toBe("The holiday drop-in at half term reached 14 families, five of them new.");
    await page.getByLabel("Challenges", { exact: true }).fill("Staff sickness in November slowed new referrals.");
    await page.getByLabel("Risks", { exact: true }).fill("The family worker post is funded only to March; we are seeking match funding.");
    await page.getByLabel("Next quarter's plans", { exact: true }).fill("Run two parenting groups and restart school drop-ins in January.");
    await expectNoAxeViolations(page);
    await completeAndContinue(page, returnPath, "Narrative saved and marked as complete.");
    await expectNoAxeViolations(page);

    // Case studies: a story with "Mrs Smith" and an e-mail address is refused, saying exactly what was found.
    await go(page, () => sectionLink(page, "Case studies").click(), new RegExp(`^${returnPath}/case-studies$`), "Case studies");
    await expectVisible(page.getByText("No case studies yet."));
    await expectNoAxeViolations(page);
    await go(page, () => page.getByRole("link", { name: "Add a case study", exact: true }).click(), new RegExp(`^${returnPath}/case-studies$`), "Add a case study");
    await expectNoAxeViolations(page);
    await page.getByLabel("Title", { exact: true }).fill(CASE_STUDY_TITLE);
    await page.getByLabel("Story", { exact: true }).fill(PERSONAL_STORY);
    await page.getByRole("group", { name: "Which themes does it show?" }).getByLabel("School attendance", { exact: true }).check();
    await page.getByRole("group", { name: /^Which of the project's outcomes does it illustrate\?/ }).getByLabel(OUTCOME.name, { exact: true }).check();
    await page.getByLabel(/^The person this story is about \(or their parent or carer\) has agreed/).check();
    await page.getByRole("button", { name: "Save case study" }).click();
    const found =
      "The story contains what looks like personal data: a title and surname “Mrs Smith”; an e-mail address “jo.worker@example.org”. " +
      "Take it out, or if it is not personal data, tick “I have checked: this is not personal data” and say why";
    await expectVisible(errorSummary(page).getByRole("link", { name: found, exact: true }));
    // Exactly two findings, each quoted with what it is and where.
    const warning = page.getByRole("main").getByRole("list").filter({ has: page.getByRole("listitem").filter({ hasText: "in the story:" }) });
    expect((await warning.getByRole("listitem").allInnerTexts()).map((t) => t.replace(/[“”"]/g, "").trim())).toEqual([
      "a title and surname in the story: Mrs Smith",
      "an e-mail address in the story: jo.worker@example.org",
    ]);
    // Nothing else was wrong: the one error is the story's.
    expect(await errorSummary(page).getByRole("listitem").count()).toBe(1);
    expect(await page.getByLabel("Story", { exact: true }).inputValue()).toBe(PERSONAL_STORY);
    await expectNoAxeViolations(page);
    await page.getByLabel("Story", { exact: true }).fill(ANONYMOUS_STORY);
    await page.waitForTimeout(1_000);
    await go(page, () => page.getByRole("button", { name: "Save case study" }).click(), new RegExp(`^${returnPath}/case-studies$`), "Case studies");
    await expectVisible(successBanner(page, `The case study “${CASE_STUDY_TITLE}” has been added.`));
    await expectVisible(page.getByRole("heading", { level: 2, name: CASE_STUDY_TITLE }));
    await expectNoAxeViolations(page);
    await completeAndContinue(page, returnPath, "Case studies marked as complete.");
    await expectNoAxeViolations(page);

    // Evidence: may be marked complete with no files.
    await go(page, () => sectionLink(page, "Evidence").click(), new RegExp(`^${returnPath}/evidence$`), "Evidence");
    await expectVisible(page.getByText("No files yet."));
    // The upload hint names the file types it takes, after React has hydrated the page too.
    // (Soft, so one run also shows whether the rest of the journey works.)
    expect.soft(
      await page.getByText(/^PDF, DOCX, XLSX or ODT, smaller than \d+(\.\d+)? [KM]B\.$/).count(),
      `the upload hint reads “${await page.getByText(/smaller than/).first().innerText()}”`,
    ).toBe(1);
    await expectNoAxeViolations(page);
    await completeAndContinue(page, returnPath, "Evidence marked as complete.");
    await expectVisible(page.getByRole("heading", { name: "Sections (7 of 7 completed)" }));
    for (const section of ["Outputs", "Outcomes", "Spend", "Beneficiaries", "Narrative", "Case studies", "Evidence"]) {
      expect(await sectionStatus(page, section), section).toBe("Completed");
    }
    await expectNoAxeViolations(page);

    // Check your answers.
    await go(page, () => page.getByRole("link", { name: "Check and submit" }).click(), new RegExp(`^${returnPath}/check$`), "Check your answers before submitting your return");
    expect(await summaryValue(page, OUTPUT.name)).toContain(FIRST.familiesComment);
    await expectVisible(page.getByRole("link", { name: "Change outputs" }));
    await expectVisible(page.getByRole("heading", { level: 3, name: CASE_STUDY_TITLE }));
    await expectNoAxeViolations(page);
    // At 320 pixels the answers (the beneficiaries table among them) do not widen the page.
    await page.setViewportSize({ width: 320, height: 640 });
    try {
      await expectNoHorizontalScroll(page, 320);
    } finally {
      await page.setViewportSize(DESKTOP);
    }

    // Without the declaration it is refused, with the error beside the tick box.
    await page.getByRole("button", { name: "Submit your return" }).click();
    await expectVisible(errorSummary(page).getByRole("link", { name: "Confirm that the information in this return is correct and complete", exact: true }));
    await expectNoAxeViolations(page);
    await page.waitForTimeout(1_000);
    await page.getByLabel(/^I confirm that the information in this return is correct and complete/).check();
    await go(page, () => page.getByRole("button", { name: "Submit your return" }).click(), new RegExp(`^${returnPath}$`), `${QUARTER} quarterly return`);
    await expectVisible(successBanner(page, "Your return has been submitted (version 1). The council will review it and may ask you about it."));
    expect(await summaryValue(page, "Status")).toMatch(/^Submitted( Late)?$/);
    expect(await summaryValue(page, "Submitted")).toMatch(/ by Pat Provider$/);
    await expectVisible(page.getByText("This return has been submitted. You cannot change it unless the council queries it."));
    await expectVisible(page.getByRole("listitem").filter({ hasText: /^Version 1, submitted / }));
    // Read-only now: the sections are no longer links.
    expect(await sectionLink(page, "Outputs").count()).toBe(0);
    await expectNoAxeViolations(page);

    // Listed as submitted.
    await go(page, () => page.getByRole("main").getByRole("link", { name: "Your returns", exact: true }).click(), /^\/returns$/, "Your returns");
    const row = page.getByRole("row").filter({ has: page.getByRole("link", { name: `${QUARTER} return for ${PROJECT.reference}`, exact: true }) });
    await expectVisible(row.getByText("Submitted", { exact: true }));
    await expectNoAxeViolations(page);
    await signOut(page);
    await expectNoAxeViolations(page);
  });

  test("the officer opens the return from the review queue, reads figures beside targets with RAG words, and queries one figure", async () => {
    expect(returnPath, "the provider's return was not submitted").not.toBe("");
    await signIn(page, OFFICER);
    await expectNoAxeViolations(page);
    await go(page, () => menuLink(page, "Returns to review").click(), /^\/reviews$/, "Quarterly returns");
    await expectVisible(page.getByRole("heading", { level: 2, name: "Awaiting review" }));
    await expectNoAxeViolations(page);

    await go(
      page,
      () => queueLink(page, QUARTER).click(),
      new RegExp(`^${returnPath}/review$`),
      `Review the ${QUARTER} return`,
    );
    expect(await summaryValue(page, "Status")).toBe("Submitted");
    // Every figure beside its target, with the RAG as a word (not colour alone).
    const outputs = await tableRows(page.getByRole("table", { name: "Outputs", exact: true }));
    expect(outputs[0]).toEqual(["Figure", "Target", "Actual", "Achievement", "RAG", expect.stringMatching(/^Previous quarter/)]);
    const familiesRow = outputs.find((r) => r[0].startsWith(OUTPUT.name))!;
    expect(familiesRow, "the Families supported row").toBeDefined();
    expect(familiesRow[0]).toContain(`Provider’s comment: ${FIRST.familiesComment}`);
    expect(familiesRow.slice(1, 5)).toEqual([OUTPUT.target, FIRST.families, "60%", "Red"]);
    const outcomes = await tableRows(page.getByRole("table", { name: "Outcomes", exact: true }));
    expect(outcomes.find((r) => r[0].startsWith(OUTCOME.name))!.slice(1, 5)).toEqual(["70%", "72%", expect.stringMatching(/^10[23](\.\d+)?%$/), "Green"]);
    const spend = await tableRows(page.getByRole("table", { name: "Spend against the profile" }));
    const deliveryRow = spend.find((r) => r[0].startsWith("Delivery"))!;
    expect(deliveryRow.slice(1, 3)).toEqual([PROFILE.delivery, "£900.00"]);
    expect(deliveryRow[4]).toBe("Red");
    expect(spend.find((r) => r[0].startsWith("Staff"))![4]).toBe("Green");
    await expectNoAxeViolations(page);

    // A query on the one figure: the rest left empty.
    await page.getByLabel(`Comment on the figure: ${OUTPUT.name}`, { exact: true }).fill(QUERY);
    await page.getByRole("button", { name: "Send the query to the provider" }).click();
    await expectVisible(successBanner(page, new RegExp(`^.*The ${QUARTER} return for ${PROJECT.reference} has been queried with 1 comment and is back with the provider\\.`)));
    await waitUntilInteractive(page);
    expect(new URL(page.url()).pathname).toBe(`${returnPath}/review`);
    expect(await summaryValue(page, "Status")).toBe("Queried");
    const queries = await tableRows(page.getByRole("table", { name: "Queries on this return" }));
    expect(queries.slice(1).map((r) => r.slice(0, 3))).toEqual([["1", `Outputs: ${OUTPUT.name}`, QUERY]]);
    // Back with the provider: nothing more for the officer to do until it is resubmitted.
    expect(await page.getByRole("button", { name: "Approve the return" }).count()).toBe(0);
    await expectNoAxeViolations(page);
    await signOut(page);
    await expectNoAxeViolations(page);
  });

  test("with JavaScript off, the provider reads exactly what was asked, changes the figure and resubmits", async () => {
    expect(returnPath, "the provider's return was not submitted").not.toBe("");
    const noJs = await launchBrowser({ javaScriptEnabled: false, viewport: DESKTOP });
    const p = noJs.page;
    try {
      await signIn(p, PROVIDER);
      await expectNoAxeViolations(p);
      await go(p, () => menuLink(p, "Your returns").click(), /^\/returns$/, "Your returns");
      const row = p.getByRole("row").filter({ has: p.getByRole("link", { name: `${QUARTER} return for ${PROJECT.reference}`, exact: true }) });
      await expectVisible(row.getByText("Queried", { exact: true }));
      await expectNoAxeViolations(p);

      await go(p, () => row.getByRole("link").click(), new RegExp(`^${returnPath}$`), `${QUARTER} quarterly return`);
      expect(await summaryValue(p, "Status")).toBe("Queried");
      // Exactly what the council asked, about which figure.
      const asked = p.getByRole("region", { name: "Important" });
      await expectVisible(asked.getByText("The council has asked about this return"));
      expect(await summaryValue(asked, `Outputs: ${OUTPUT.name}`)).toBe(QUERY);
      expect(await asked.getByRole("term").count()).toBe(1);
      expect(await sectionStatus(p, "Outputs")).toBe("Queried");
      expect(await sectionStatus(p, "Spend")).toBe("Completed");
      // A queried section counts as not done until it is worked on.
      await expectVisible(p.getByRole("heading", { name: "Sections (6 of 7 completed)" }));
      expect(await p.getByRole("link", { name: "Check and submit" }).count()).toBe(0);
      await expectNoAxeViolations(p);

      await go(p, () => sectionLink(p, "Outputs").click(), new RegExp(`^${returnPath}/outputs$`), "Outputs");
      const families = p.getByRole("group", { name: OUTPUT.name, exact: true });
      await expectVisible(families.getByText("The council asked about this figure:"));
      await expectVisible(families.getByText(QUERY, { exact: true }));
      const actual = families.getByLabel(`Actual for ${QUARTER}`, { exact: true });
      expect(await actual.inputValue()).toBe(FIRST.families);
      await expectNoAxeViolations(p);
      // A figure that is not a number is refused by the server, with the page rebuilt around it.
      await actual.fill("nine");
      await p.getByRole("button", { name: "Save and continue" }).click();
      await expectVisible(errorSummary(p).getByRole("link", { name: `Enter a number for ${OUTPUT.name}, like 12`, exact: true }));
      expect(await actual.inputValue()).toBe("nine");
      await expectNoAxeViolations(p);
      await actual.fill(SECOND.families);
      await families.getByLabel("Comment", { exact: true }).fill(SECOND.familiesComment);
      await completeAndContinue(p, returnPath, "Outputs saved and marked as complete.");
      expect(await sectionStatus(p, "Outputs")).toBe("Completed");
      await expectVisible(p.getByRole("heading", { name: "Sections (7 of 7 completed)" }));
      await expectNoAxeViolations(p);

      await go(p, () => p.getByRole("link", { name: "Check and submit" }).click(), new RegExp(`^${returnPath}/check$`), "Check your answers before submitting your return");
      await expectNoAxeViolations(p);
      await p.getByLabel(/^I confirm that the information in this return is correct and complete/).check();
      await go(p, () => p.getByRole("button", { name: "Submit your return" }).click(), new RegExp(`^${returnPath}$`), `${QUARTER} quarterly return`);
      await expectVisible(successBanner(p, "Your changes have been submitted (version 2). The council will review it and may ask you about it."));
      expect(await summaryValue(p, "Status")).toBe("Resubmitted");
      expect(await summaryValue(p, "Last submitted")).toMatch(/^.+ by Pat Provider First submitted .+$/);
      expect(await p.getByRole("main").getByRole("listitem").filter({ hasText: /^Version \d, submitted / }).allInnerTexts()).toHaveLength(2);
      // The question is answered: no longer shown.
      expect(await p.getByText("The council has asked about this return").count()).toBe(0);
      await expectNoAxeViolations(p);
      await signOut(p);
      await expectNoAxeViolations(p);
    } finally {
      await noJs.close();
    }
  });

  test("the officer approves the resubmitted return, and the versions page shows what changed from version 1 to 2", async () => {
    expect(returnPath, "the provider's return was not submitted").not.toBe("");
    await signIn(page, OFFICER);
    await expectNoAxeViolations(page);
    await go(page, () => menuLink(page, "Returns to review").click(), /^\/reviews$/, "Quarterly returns");
    const row = page.getByRole("row").filter({ has: queueLink(page, QUARTER) });
    await expectVisible(row.getByText("Resubmitted", { exact: true }));
    await expectNoAxeViolations(page);
    await go(page, () => row.getByRole("link").click(), new RegExp(`^${returnPath}/review$`), `Review the ${QUARTER} return`);
    expect(await summaryValue(page, "Status")).toBe("Resubmitted");
    const outputs = await tableRows(page.getByRole("table", { name: "Outputs", exact: true }));
    expect(outputs.find((r) => r[0].startsWith(OUTPUT.name))!.slice(1, 5)).toEqual([OUTPUT.target, SECOND.families, "90%", "Amber"]);
    await expectVisible(page.getByRole("listitem").filter({ hasText: /^Version 2: submitted .+ by Pat Provider$/ }));
    await expectNoAxeViolations(page);

    await page.getByRole("button", { name: "Approve the return" }).click();
    await expectVisible(successBanner(page, `The ${QUARTER} return for ${PROJECT.reference} is approved and locked. Its spend of £4,050.00 is recorded in the district ledger.`));
    await waitUntilInteractive(page);
    expect(await summaryValue(page, "Status")).toBe("Approved");
    expect(await summaryValue(page, "Approved")).toMatch(/ by Chris Chorley$/);
    expect(await page.getByRole("button", { name: "Approve the return" }).count()).toBe(0);
    await expectNoAxeViolations(page);

    // What changed between the two versions, field by field.
    await go(page, () => page.getByRole("link", { name: "Compare the versions" }).click(), new RegExp(`^${returnPath}/versions$`), `Versions of the ${QUARTER} return`);
    const versions = await tableRows(page.getByRole("table", { name: "Submitted versions" }));
    expect(versions.slice(1).map((r) => r[0])).toEqual(["1", "2"]);
    expect(await page.getByLabel("From version", { exact: true }).inputValue()).toBe("1");
    expect(await page.getByLabel("To version", { exact: true }).inputValue()).toBe("2");
    const changes = await tableRows(page.getByRole("table", { name: "Changes from version 1 to version 2" }));
    expect(changes[0]).toEqual(["Section", "Field", "Version 1", "Version 2"]);
    const body = changes.slice(1);
    expect(body.some((r) => r[1].includes(OUTPUT.name) && r[2] === FIRST.families && r[3] === SECOND.families), JSON.stringify(body)).toBe(true);
    expect(body.some((r) => r[1].includes(OUTPUT.name) && r[2] === FIRST.familiesComment && r[3] === SECOND.familiesComment), JSON.stringify(body)).toBe(true);
    // Only what the provider changed is listed: the spend, narrative and case study stayed the same.
    expect(body.every((r) => r[1].includes(OUTPUT.name)), JSON.stringify(body)).toBe(true);
    await expectNoAxeViolations(page);
    await signOut(page);
    await expectNoAxeViolations(page);
  });

  test("at 320 CSS pixels wide the task list and the review page need no sideways scrolling", async () => {
    expect(returnPath, "the provider's return was not submitted").not.toBe("");
    await page.setViewportSize({ width: 320, height: 640 });
    // Each page is checked even when one before it is too wide, so one run lists them all.
    const pageWidth = () => page.evaluate(() => document.documentElement.scrollWidth);
    // On a narrow screen the menu is behind its toggle, once GOV.UK Frontend has set it up.
    const openMenu = async () => {
      const toggle = page.getByRole("navigation", { name: "Menu" }).getByRole("button", { name: "Menu" });
      if (await toggle.isVisible()) await toggle.click();
    };

    // The provider: the approved Q3 return's task list, and the Q4 one still to fill in.
    await signIn(page, PROVIDER);
    await expectNoAxeViolations(page);
    await openMenu();
    await go(page, () => menuLink(page, "Your returns").click(), /^\/returns$/, "Your returns");
    await expectNoAxeViolations(page);
    expect.soft(await pageWidth(), "/returns is wider than the 320px screen").toBeLessThanOrEqual(320);
    await go(page, () => page.getByRole("link", { name: `${QUARTER} return for ${PROJECT.reference}`, exact: true }).click(), new RegExp(`^${returnPath}$`), `${QUARTER} quarterly return`);
    expect(await summaryValue(page, "Status")).toBe("Approved");
    await expectVisible(page.getByText("This return has been approved. It can no longer be changed."));
    await expectNoAxeViolations(page);
    expect.soft(await pageWidth(), "the approved task list is wider than the 320px screen").toBeLessThanOrEqual(320);
    await go(page, () => page.getByRole("main").getByRole("link", { name: "Your returns", exact: true }).click(), /^\/returns$/, "Your returns");
    await go(page, () => page.getByRole("link", { name: `2026-27 Q4 return for ${PROJECT.reference}`, exact: true }).click(), /^\/returns\/[^/]+$/, "2026-27 Q4 quarterly return");
    await expectVisible(page.getByRole("heading", { name: "Sections (0 of 7 completed)" }));
    await expectNoAxeViolations(page);
    expect.soft(await pageWidth(), "the task list to fill in is wider than the 320px screen").toBeLessThanOrEqual(320);
    await signOut(page);
    await expectNoAxeViolations(page);

    // The officer: the review page with its query and approval forms (Q2, seeded as waiting),
    // and the approved Q3 one.
    await signIn(page, OFFICER);
    await expectNoAxeViolations(page);
    await openMenu();
    await go(page, () => menuLink(page, "Returns to review").click(), /^\/reviews$/, "Quarterly returns");
    await expectNoAxeViolations(page);
    expect.soft(await pageWidth(), "/reviews is wider than the 320px screen").toBeLessThanOrEqual(320);
    await go(page, () => queueLink(page, "2026-27 Q2").click(), /^\/returns\/[^/]+\/review$/, "Review the 2026-27 Q2 return");
    await expectVisible(page.getByRole("button", { name: "Approve the return" }));
    await expectNoAxeViolations(page);
    expect.soft(await pageWidth(), "the review page (with its forms) is wider than the 320px screen").toBeLessThanOrEqual(320);
    await page.goto(`${returnPath}/review`);
    await waitUntilInteractive(page);
    await expectVisible(mainHeading(page).filter({ hasText: `Review the ${QUARTER} return` }));
    await expectNoAxeViolations(page);
    await expectNoHorizontalScroll(page, 320);
  });

  test("every page the tests visited was checked with axe", () => {
    expect(visitedUrls().length).toBeGreaterThan(0);
    expect(uncheckedUrls(), `visited: ${visitedUrls().join(", ")}`).toEqual([]);
    expect(consoleErrors()).toEqual([]);
  });
});
