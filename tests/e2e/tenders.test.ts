// Tenders end to end in a real browser, driven like a person by labels and roles:
// - an officer creates a tender through the form and publishes it, and a provider bids for it
//   and submits, getting a receipt with its SHA-256 fingerprint;
// - the panel, moderation, decision and award happen on the seeded tender that has already
//   closed (ESI-2026-003), so no test waits for a closing time; the panel member works with
//   JavaScript off, to prove the declaration and scoring forms work without it;
// - the provider reads its assessment summaries (ESI-2026-003 just awarded, ESI-2026-001 seeded);
// - at 320 CSS pixels the bid form needs no sideways scrolling: the budget grid scrolls in its
//   own region; nor do the lists of tenders and bids, nor a tender page.
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
import { fillBidForm } from "./bid-form";
import { UNSAVED_CHANGES_QUESTION } from "~/components/unsaved-changes";

const OFFICER = "officer@demo.example";
const PROVIDER = "provider@demo.example";
const PANEL = "panel@demo.example";

/** The default criteria every new tender starts with (db: DEFAULT_CRITERIA). */
const CRITERIA = ["Quality of service", "Outputs", "Outcomes", "Value for money"] as const;

/** The tender the officer creates: unique per run, so the provider finds this one. */
const TENDER = {
  title: `Family hubs outreach in Chorley ${Date.now().toString(36)}`,
  specification: [
    "## What we want",
    "",
    "Outreach from Chorley's family hubs to families who do not come to them.",
    "",
    "- Home visits",
    "- Drop-ins at primary schools",
  ].join("\n"),
  maxBudget: "20,000",
  contractStart: "2027-04-01",
  contractEnd: "2028-03-31",
  questions: [
    { text: "How will families who do not use the hubs hear about the service?", wordLimit: "300", criterion: "Quality of service" },
    { text: "What will you measure each quarter to show it is working?", wordLimit: "200", criterion: "Outcomes" },
  ],
};
/** The contract's quarters, as the bid form labels them (UK financial years). */
const QUARTERS = ["2027-28 Q1", "2027-28 Q2", "2027-28 Q3", "2027-28 Q4"];

/** The seeded tender that closed yesterday, with one bid (Red Rose's) and panel@demo.example on its panel. */
const CLOSED = { reference: "ESI-2026-003", title: "School readiness in Chorley", bid: "Ready for Reception (Red Rose Family Support)" };

/** A wall-clock time in the UK as a datetime-local field takes it: "2026-11-24T05:31". */
function ukLocal(at: Date): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-GB", {
      timeZone: "Europe/London", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23",
    })
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}`;
}

/** The success banner a page shows after a form, found by its role and text. */
function successBanner(page: Page, text: string | RegExp): Locator {
  return page.getByRole("alert").filter({ has: page.getByRole("heading", { name: "Success" }) }).filter({ hasText: text });
}

/** The value beside a key in a summary list (dt/dd): read from the term found by role. */
async function summaryValue(page: Page, key: string): Promise<string> {
  const term = page.getByRole("term").filter({ hasText: new RegExp(`^\\s*${key.replace(/[()]/g, "\\$&")}\\s*$`) });
  await expectVisible(term);
  return term.first().evaluate((dt) => (dt.nextElementSibling?.textContent ?? "").trim());
}

/** Clicks, waits for the address to match, for the page to be interactive and for its main heading. */
async function go(page: Page, click: () => Promise<void>, path: RegExp, heading: string | RegExp): Promise<void> {
  await click();
  await page.waitForURL((url) => path.test(url.pathname));
  await waitUntilInteractive(page);
  await expectVisible(mainHeading(page).filter({ hasText: heading }));
}

const menuLink = (page: Page, name: string) => page.getByRole("navigation", { name: "Menu" }).getByRole("link", { name, exact: true });

describe.skipIf(!browserAvailable())("tenders, bids and the panel in Chromium", () => {
  let browser: Browser;
  let page: Page;
  /** Where the officer's new tender lives, once it exists: /tenders/<id>. */
  let tenderPath = "";
  let tenderReference = "";

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

  test("an officer creates a tender through the form, publishes it, and it is open", async () => {
    await signIn(page, OFFICER);
    await expectNoAxeViolations(page);

    await go(page, () => menuLink(page, "Tenders").click(), /^\/tenders$/, "Tenders");
    await expectNoAxeViolations(page);
    await go(page, () => page.getByRole("main").getByRole("button", { name: "Create a tender" }).click(), /^\/tenders\/new$/, "Create a tender");
    await expectNoAxeViolations(page);

    const now = new Date();
    await page.getByLabel("Title", { exact: true }).fill(TENDER.title);
    await page.getByLabel("Specification", { exact: true }).fill(TENDER.specification);
    await page.getByRole("group", { name: "Districts" }).getByLabel("Chorley", { exact: true }).check();
    await page.getByLabel("Funding stream", { exact: true }).selectOption({ label: "Schools Forum ESI" });
    await page.getByRole("group", { name: "Themes (optional)" }).getByLabel("Parenting", { exact: true }).check();
    await page.getByLabel("Maximum budget", { exact: true }).fill(TENDER.maxBudget);
    await page.getByLabel("Contract start date", { exact: true }).fill(TENDER.contractStart);
    await page.getByLabel("Contract end date", { exact: true }).fill(TENDER.contractEnd);
    // Open from this minute; close about three minutes from now (the next whole minute after that).
    await page.getByLabel("Opens for bids (UK time)", { exact: true }).fill(ukLocal(now));
    await page.getByLabel("Closing date and time (UK time)", { exact: true }).fill(ukLocal(new Date(now.getTime() + 4 * 60_000)));

    // The form is no longer than it needs to be: the four default criteria, three questions, "Add another" for more.
    expect(await page.getByRole("group", { name: /^Criterion \d+$/ }).count()).toBe(4);
    expect(await page.getByRole("group", { name: /^Question \d+$/ }).count()).toBe(3);
    // The four default criteria are filled in already, with weights adding up to 100%.
    for (const [i, name] of CRITERIA.entries()) {
      const row = page.getByRole("group", { name: `Criterion ${i + 1}`, exact: true });
      expect(await row.getByLabel("Name", { exact: true }).inputValue()).toBe(name);
    }
    for (const [i, q] of TENDER.questions.entries()) {
      const row = page.getByRole("group", { name: `Question ${i + 1}`, exact: true });
      await row.getByLabel("Question", { exact: true }).fill(q.text);
      await row.getByLabel("Word limit", { exact: true }).fill(q.wordLimit);
      await row.getByLabel("Scored under", { exact: true }).selectOption({ label: q.criterion });
    }

    await page.getByRole("button", { name: "Save as a draft" }).click();
    await page.waitForURL((url) => /^\/tenders\/[^/]+$/.test(url.pathname) && url.pathname !== "/tenders/new");
    await waitUntilInteractive(page);
    const saved = successBanner(page, /^.*Draft tender \S+ has been saved/);
    await expectVisible(saved);
    tenderReference = /Draft tender (\S+) has been saved/.exec(await saved.innerText())![1];
    tenderPath = new URL(page.url()).pathname;
    await expectVisible(mainHeading(page).filter({ hasText: TENDER.title }));
    expect(await summaryValue(page, "Status")).toBe("Draft");
    await expectNoAxeViolations(page);

    await page.getByRole("button", { name: "Publish the tender" }).click();
    await expectVisible(successBanner(page, `${tenderReference} is published`));
    await waitUntilInteractive(page);
    expect(await summaryValue(page, "Status")).toBe("Open");
    expect(await summaryValue(page, "Districts")).toBe("Chorley");
    expect(await summaryValue(page, "Maximum budget")).toBe("£20,000.00");
    // The questions are listed for bidders, each with its word limit and criterion.
    await expectVisible(page.getByRole("listitem").filter({ hasText: TENDER.questions[0].text }).filter({ hasText: "Up to 300 words. Scored under Quality of service." }));
    await expectNoAxeViolations(page);

    // It is open in the list of tenders too.
    await go(page, () => page.getByRole("link", { name: "Back to tenders" }).click(), /^\/tenders$/, "Tenders");
    const row = page.getByRole("row").filter({ has: page.getByRole("link", { name: TENDER.title }) });
    await expectVisible(row.getByRole("cell", { name: tenderReference, exact: true }));
    await expectVisible(row.getByRole("cell", { name: "Open", exact: true }));
    await expectNoAxeViolations(page);
    await signOut(page);
    await expectNoAxeViolations(page);
  });

  test("a provider finds the tender, bids, checks the answers, submits and gets a receipt with a fingerprint", async () => {
    expect(tenderPath, "the officer's tender was not created").not.toBe("");
    await signIn(page, PROVIDER);
    await expectNoAxeViolations(page);

    await go(page, () => menuLink(page, "Tenders").click(), /^\/tenders$/, "Tenders");
    await expectNoAxeViolations(page);
    await go(page, () => page.getByRole("link", { name: TENDER.title }).click(), new RegExp(`^${tenderPath}$`), TENDER.title);
    expect(await summaryValue(page, "Status")).toBe("Open");
    await expectNoAxeViolations(page);

    await go(page, () => page.getByRole("button", { name: "Start or continue your bid" }).click(), new RegExp(`^${tenderPath}/bid$`), `Bid for ${TENDER.title}`);
    await expectNoAxeViolations(page);
    await page.getByRole("button", { name: "Start your bid" }).click();
    await page.waitForURL((url) => /^\/bids\/[^/]+$/.test(url.pathname));
    await waitUntilInteractive(page);
    await expectVisible(successBanner(page, "You have started a bid."));
    const bidPath = new URL(page.url()).pathname;
    await expectNoAxeViolations(page);

    // About the project, the answers, £12,000 over four quarters, one indicator with targets.
    await fillBidForm(page, {
      district: "Chorley",
      title: "Hubs on the doorstep",
      answers: [
        [TENDER.questions[0].text, "Through school gates, health visitors and a text service run with the hubs."],
        [TENDER.questions[1].text, "Families visited, families then using a hub, and support plans closed with needs met."],
      ],
      amount: "12,000",
      quarters: QUARTERS,
      perQuarter: { staff: "2000", delivery: "1000" },
      indicator: { kind: "Outcome", name: "Families then using a hub", definition: "Families visited at home who then used a hub in the quarter", target: "15" },
    });
    // The live word count under the first answer.
    await expectVisible(page.getByText("You have 287 words remaining"));
    // The draft saves itself as it is typed. Leaving by a link saves what is still pending and
    // goes; coming back finds every word.
    const autosave = page.getByRole("status").filter({ hasText: /saved/i });
    await expectVisible(autosave);
    await go(page, () => menuLink(page, "Your bids").click(), /^\/bids$/, "Your bids");
    await expectNoAxeViolations(page);
    await go(page, () => page.getByRole("link", { name: `${tenderReference} bid` }).click(), new RegExp(`^${bidPath}$`), "Hubs on the doorstep");
    expect(await page.getByLabel(`Question 2: ${TENDER.questions[1].text}`).inputValue()).toBe(
      "Families visited, families then using a hub, and support plans closed with needs met.",
    );
    expect(await page.getByLabel("Amount you are asking for").inputValue()).toBe("12000.00");
    // What cannot be saved yet (an amount that is not money) is said, and leaving asks first;
    // staying keeps what was typed.
    await page.getByLabel("Amount you are asking for").fill("twelve thousand");
    await expectVisible(autosave.filter({ hasText: "Your latest changes are not saved yet because some answers need checking." }));
    await expectNoAxeViolations(page);
    const asked: string[] = [];
    page.once("dialog", (dialog) => {
      asked.push(dialog.message());
      void dialog.dismiss();
    });
    await menuLink(page, "Your bids").click();
    await expect.poll(() => asked).toEqual([UNSAVED_CHANGES_QUESTION]);
    expect(new URL(page.url()).pathname).toBe(bidPath);
    expect(await page.getByLabel("Amount you are asking for").inputValue()).toBe("twelve thousand");
    await page.getByLabel("Amount you are asking for").fill("12,000");
    await expectVisible(autosave.filter({ hasText: /^Saved automatically at \d{1,2}:\d{2}(am|pm)\.$/ }));
    // A chosen file goes only with a button: typing after choosing it saves the words, but
    // leaving still asks, because the file would be lost.
    await page.getByLabel("Upload a file (optional)").setInputFiles({ name: "plan.pdf", mimeType: "application/pdf", buffer: Buffer.from("%PDF-1.4\n%%EOF\n") });
    const typedAfterFile = page.waitForResponse((r) => r.request().method() === "POST" && new URL(r.url()).pathname === bidPath);
    await page.getByLabel("Project title", { exact: true }).fill("Hubs on the doorstep ");
    await typedAfterFile;
    page.once("dialog", (dialog) => {
      asked.push(dialog.message());
      void dialog.dismiss();
    });
    await menuLink(page, "Your bids").click();
    await expect.poll(() => asked).toEqual([UNSAVED_CHANGES_QUESTION, UNSAVED_CHANGES_QUESTION]);
    expect(new URL(page.url()).pathname).toBe(bidPath);
    await page.getByLabel("Upload a file (optional)").setInputFiles([]);
    await page.getByLabel("Project title", { exact: true }).fill("Hubs on the doorstep");
    const budget = page.getByRole("region", { name: "Budget", exact: true });

    // Save the draft: the totals are worked out and a spare indicator row appears.
    await page.getByRole("button", { name: "Save as draft" }).click();
    await expectVisible(successBanner(page, "Your bid has been saved as a draft."));
    await waitUntilInteractive(page);
    expect(new URL(page.url()).pathname).toBe(bidPath);
    await expectVisible(budget.getByRole("row", { name: /^Total/ }).getByRole("cell", { name: "£12,000.00" }));
    await expectVisible(page.getByRole("group", { name: "Indicator 2", exact: true }));
    expect(await page.getByLabel("Project title", { exact: true }).inputValue()).toBe("Hubs on the doorstep");
    await expectNoAxeViolations(page);

    // Check your answers.
    await go(page, () => page.getByRole("button", { name: "Save and continue" }).click(), new RegExp(`^${bidPath}/submit$`), "Check your answers before submitting your bid");
    expect(await summaryValue(page, "Project title")).toBe("Hubs on the doorstep");
    expect(await summaryValue(page, "Amount requested")).toBe("£12,000.00");
    await expectVisible(page.getByRole("region", { name: "Indicators" }).getByRole("rowheader", { name: /Families then using a hub/ }));
    await expectNoAxeViolations(page);

    // Submitting without the declaration is refused, with the error beside the tick box.
    await page.getByRole("button", { name: "Submit your bid" }).click();
    await expectVisible(page.getByRole("link", { name: "Confirm that the information in your bid is correct and complete" }));
    await expectNoAxeViolations(page);

    // GOV.UK Frontend ignores a second press of the same button within a second (its guard
    // against double submission): read the error before pressing again, as a person would.
    await page.waitForTimeout(1_000);
    await page.getByLabel(/^I confirm that the information in this bid is correct and complete/).check();
    await go(page, () => page.getByRole("button", { name: "Submit your bid" }).click(), new RegExp(`^${bidPath}/receipt$`), "Bid submitted");
    await expectVisible(successBanner(page, /^.*Your bid has been submitted/));
    expect(await summaryValue(page, "Tender")).toBe(`${tenderReference} – ${TENDER.title}`);
    expect(await summaryValue(page, "Amount requested")).toBe("£12,000.00");
    expect(await summaryValue(page, "Status")).toBe("Submitted");
    expect(await summaryValue(page, "Fingerprint (SHA-256)")).toMatch(/^[0-9a-f]{64}$/);
    await expectNoAxeViolations(page);

    // The bid is sealed: its page is read-only now, and it is listed as submitted.
    await go(page, () => page.getByRole("link", { name: "See all your bids" }).click(), /^\/bids$/, "Your bids");
    const row = page.getByRole("row").filter({ has: page.getByRole("link", { name: `${tenderReference} bid` }) });
    await expectVisible(row.getByText("Submitted", { exact: true }));
    await expectNoAxeViolations(page);
    await signOut(page);
    await expectNoAxeViolations(page);
  });

  test("without JavaScript, the panel member declares no conflict, scores every criterion and submits the scores", async () => {
    const noJs = await launchBrowser({ javaScriptEnabled: false });
    try {
      const p = noJs.page;
      await signIn(p, PANEL);
      await expectNoAxeViolations(p);

      await go(p, () => menuLink(p, "Panel").click(), /^\/panel$/, "Your panel work");
      await expectNoAxeViolations(p);
      await go(p, () => p.getByRole("link", { name: `${CLOSED.reference} ${CLOSED.title}` }).click(), /^\/panel\/[^/]+$/, CLOSED.title);
      const panelPath = new URL(p.url()).pathname;
      // Nothing to score until the declaration is made.
      await expectVisible(p.getByText("Once you have declared your interests, the bids you have no conflict with are listed here."));
      await expectNoAxeViolations(p);

      await p.getByRole("group", { name: CLOSED.bid }).getByLabel("I have no conflict of interest", { exact: true }).check();
      await p.getByRole("button", { name: "Record my declarations" }).click();
      await p.waitForURL((url) => url.pathname === panelPath);
      await expectVisible(successBanner(p, "Your declarations are recorded. You can now read and score the bids."));
      await expectVisible(p.getByText("You have declared on every bid."));
      await expectNoAxeViolations(p);

      await go(p, () => p.getByRole("link", { name: CLOSED.bid }).click(), new RegExp(`^${panelPath}/bids/[^/]+$`), "Ready for Reception");
      await expectNoAxeViolations(p);
      const scores = [4, 3, 4, 3];
      for (const [i, criterion] of CRITERIA.entries()) {
        await p.getByLabel(`Score for ${criterion}, 0 to 5`, { exact: true }).selectOption(String(scores[i]));
        await p.getByLabel(`Comment on ${criterion}`, { exact: true }).fill(`Panel view on ${criterion.toLowerCase()}: clear evidence in the answers.`);
      }
      await p.getByRole("button", { name: "Save my scores" }).click();
      await expectVisible(successBanner(p, `Your scores for ${CLOSED.bid} are saved: 4 of 4 criteria scored.`));
      // The saved scores come back in the form.
      expect(await p.getByLabel("Score for Quality of service, 0 to 5", { exact: true }).inputValue()).toBe("4");
      await expectNoAxeViolations(p);

      await go(p, () => p.getByRole("link", { name: `Back to the bids for ${CLOSED.reference}` }).click(), new RegExp(`^${panelPath}$`), CLOSED.title);
      await expectVisible(p.getByRole("table", { name: "Bids for you to score" }).getByRole("cell", { name: "Complete", exact: true }));
      await expectVisible(p.getByText("Every bid is scored."));
      await expectNoAxeViolations(p);
      await p.getByRole("button", { name: "Submit my scores" }).click();
      await expectVisible(successBanner(p, "Your scores are submitted. You can now see the other members' scores."));
      await expectVisible(p.getByText(/^You submitted your scores on /));
      await expectVisible(p.getByRole("table", { name: new RegExp(`^${CLOSED.bid.replace(/[()]/g, "\\$&")}`) }));
      await expectNoAxeViolations(p);
      await signOut(p);
      await expectNoAxeViolations(p);
    } finally {
      await noJs.close();
    }
  });

  test("the officer records the consensus, decides and awards the closed tender", async () => {
    await signIn(page, OFFICER);
    await expectNoAxeViolations(page);
    await go(page, () => menuLink(page, "Tenders").click(), /^\/tenders$/, "Tenders");
    await expectNoAxeViolations(page);
    await go(page, () => page.getByRole("link", { name: CLOSED.title, exact: true }).click(), /^\/tenders\/[^/]+$/, CLOSED.title);
    const tenderPage = new URL(page.url()).pathname;
    // Closed yesterday; the panel has started work on it, so it is in evaluation.
    expect(await summaryValue(page, "Status")).toBe("In evaluation");
    await expectNoAxeViolations(page);

    // The conflicts assessment: the officer records their own entry (a grant competition does
    // not need one, but it is good practice), then goes back to the tender.
    await go(page, () => page.getByRole("link", { name: "Conflicts assessment" }).click(), new RegExp(`^${tenderPage}/conflicts$`), "Conflicts assessment");
    await expectNoAxeViolations(page);
    await page.getByLabel("Person").selectOption({ label: "Olivia Officer (Commissioning officer)" });
    await page.getByRole("group", { name: "Their part in the decision" }).getByLabel("Commissioning officer", { exact: true }).check();
    await page.getByLabel("How it is handled").fill("Nothing to handle: no link with any bidder");
    await page.getByRole("button", { name: "Record the entry" }).click();
    await expectVisible(successBanner(page, "The entry is recorded in the conflicts assessment."));
    await expectVisible(page.getByRole("table", { name: "Entries" }).getByRole("rowheader", { name: "Olivia Officer" }));
    await expectNoAxeViolations(page);
    await go(page, () => page.getByRole("link", { name: `Back to ${CLOSED.reference}` }).click(), new RegExp(`^${tenderPage}$`), CLOSED.title);

    await go(page, () => page.getByRole("link", { name: "Moderation and decisions" }).click(), new RegExp(`^${tenderPage}/moderation$`), "Moderation");
    await expectVisible(page.getByText("1 of 1 panel members have submitted their scores."));
    await expectNoAxeViolations(page);

    const consensus = [4, 3, 4, 4];
    for (const [i, criterion] of CRITERIA.entries()) {
      const group = page.getByRole("group", { name: criterion, exact: true });
      await group.getByLabel("Consensus score, 0 to 5", { exact: true }).selectOption(String(consensus[i]));
      await group.getByLabel("Rationale", { exact: true }).fill(`Agreed at moderation: ${criterion.toLowerCase()} is well evidenced.`);
    }
    await page.getByRole("button", { name: "Save the consensus for Red Rose Family Support" }).click();
    await expectVisible(successBanner(page, `The consensus for ${CLOSED.bid} is saved.`));
    await waitUntilInteractive(page);
    // Weighted: 4/5×40 + 3/5×20 + 4/5×20 + 4/5×20 = 76, ranked first of one.
    await expectVisible(page.getByRole("table", { name: "Ranking" }).getByRole("cell", { name: "76.0%", exact: true }));
    await expectNoAxeViolations(page);

    await go(page, () => page.getByRole("link", { name: "Go to decisions and award" }).click(), new RegExp(`^${tenderPage}/decisions$`), "Decisions and award");
    await expectNoAxeViolations(page);
    await page.getByRole("group", { name: "Decision on the bid from Red Rose Family Support" }).getByLabel("Successful", { exact: true }).check();
    await page.getByLabel("Feedback for Red Rose Family Support", { exact: true }).fill(
      "A well-planned stay-and-play offer with realistic targets. Strong on outcomes for children starting school.",
    );
    // The contract's year may go beyond what remains of Chorley's allocation: if the page says
    // so, the award needs the override and a reason.
    const overAllocation = page.getByText(/At least one bid asks for more than remains of its district's allocation/);
    if (await overAllocation.isVisible()) {
      await page.getByLabel("Award even where this commits more than remains of the allocation", { exact: true }).check();
      await page.getByLabel("Reason for going beyond the allocation", { exact: true }).fill(
        "The 2027-28 allocation is agreed by the Schools Forum but not yet entered in the portal.",
      );
    }
    await page.getByRole("button", { name: "Record the decisions" }).click();
    await expectVisible(successBanner(page, new RegExp(`The decisions on ${CLOSED.reference} are recorded\\.`)));
    await waitUntilInteractive(page);
    await expectVisible(page.getByRole("heading", { name: `${CLOSED.bid}: Successful` }));
    await expectNoAxeViolations(page);
    // A grant competition has no notice or standstill: the grant agreement is entered next.
    await page.getByRole("button", { name: "Enter the contract" }).click();
    await expectVisible(successBanner(page, new RegExp(`${CLOSED.reference} is awarded: the contract is entered\\. 1 project created`)));
    await waitUntilInteractive(page);
    await expectVisible(page.getByRole("heading", { name: "Grant agreements" }));
    await expectNoAxeViolations(page);
    await signOut(page);
    await expectNoAxeViolations(page);
  });

  test("the provider reads its assessment summaries: the tender just awarded, and the seeded one", async () => {
    await signIn(page, PROVIDER);
    await expectNoAxeViolations(page);
    await go(page, () => menuLink(page, "Your bids").click(), /^\/bids$/, "Your bids");
    await expectNoAxeViolations(page);

    // ESI-2026-003, awarded in the test before.
    await go(page, () => page.getByRole("link", { name: `${CLOSED.reference} bid` }).click(), /^\/bids\/[^/]+$/, "Ready for Reception");
    expect(await summaryValue(page, "Status")).toBe("Successful");
    await expectNoAxeViolations(page);
    await go(page, () => page.getByRole("link", { name: "See the outcome of your bid and the panel's feedback" }).click(), /^\/bids\/[^/]+\/outcome$/, "Assessment summary");
    await expectVisible(page.getByRole("heading", { name: "Your bid was successful" }));
    expect(await summaryValue(page, "Your weighted total")).toBe("76.0%");
    expect(await summaryValue(page, "Your rank")).toBe("1 of 1");
    const scored = page.getByRole("table", { name: "How your bid was scored" });
    await expectVisible(scored.getByRole("row", { name: /^Outputs/ }).getByRole("cell", { name: "3 of 5" }));
    await expectVisible(scored.getByRole("cell", { name: "Agreed at moderation: value for money is well evidenced." }));
    await expectVisible(page.getByText("A well-planned stay-and-play offer with realistic targets."));
    await expectNoAxeViolations(page);

    // ESI-2026-001, seeded as awarded: Red Rose won it (Pennine Youth, which lost, has no demo login).
    await go(page, () => menuLink(page, "Your bids").click(), /^\/bids$/, "Your bids");
    await go(page, () => page.getByRole("link", { name: "ESI-2026-001 bid" }).click(), /^\/bids\/[^/]+$/, "Chorley Family Links");
    expect(await summaryValue(page, "Status")).toBe("Successful");
    await expectNoAxeViolations(page);
    await go(page, () => page.getByRole("link", { name: "See the outcome of your bid and the panel's feedback" }).click(), /^\/bids\/[^/]+\/outcome$/, "Assessment summary");
    await expectVisible(page.getByRole("heading", { name: "Your bid was successful" }));
    expect(await summaryValue(page, "Your rank")).toBe("1 of 2");
    await expectVisible(page.getByRole("table", { name: "How your bid was scored" }).getByRole("cell", { name: "A clear model reaching families through schools." }));
    await expectVisible(page.getByText("A strong, well-evidenced model that reaches families through schools and offers good value."));
    await expectNoAxeViolations(page);
    await signOut(page);
    await expectNoAxeViolations(page);
  });

  test("at 320 CSS pixels wide the bid form needs no sideways scrolling: the budget grid scrolls in its own region", async () => {
    await page.setViewportSize({ width: 320, height: 640 });
    await signIn(page, PROVIDER);
    await expectNoHorizontalScroll(page, 320);
    await expectNoAxeViolations(page);
    // The seeded open tender, where Red Rose has a draft.
    await page.goto("/tenders");
    await waitUntilInteractive(page);
    await expectNoAxeViolations(page);
    await go(page, () => page.getByRole("link", { name: "Parenting support in Preston" }).click(), /^\/tenders\/[^/]+$/, "Parenting support in Preston");
    await expectNoAxeViolations(page);
    await go(page, () => page.getByRole("button", { name: "Continue your bid" }).click(), /^\/bids\/[^/]+$/, "Preston Parents Together");
    await expectVisible(page.getByLabel("Amount you are asking for", { exact: true }));
    await expectNoAxeViolations(page);
    // The grid is wider than the screen, and scrolls inside its region (which takes keyboard focus).
    const budget = page.getByRole("region", { name: "Budget", exact: true });
    const { scrollWidth, clientWidth } = await budget.evaluate((el) => ({ scrollWidth: el.scrollWidth, clientWidth: el.clientWidth }));
    expect(clientWidth).toBeLessThanOrEqual(320);
    expect(scrollWidth, "the budget grid should be wider than a 320px screen").toBeGreaterThan(clientWidth);
    await budget.focus();
    await page.keyboard.press("ArrowRight");
    await expect.poll(() => budget.evaluate((el) => el.scrollLeft)).toBeGreaterThan(0);
    // ...and the page itself does not scroll sideways: nothing in the grid (not even its
    // visually hidden cell labels) sticks out of the region.
    await expectNoHorizontalScroll(page, 320);
    await signOut(page);
    await expectNoAxeViolations(page);
  });

  test("at 320 CSS pixels wide the lists of tenders and bids and a tender page need no sideways scrolling", async () => {
    await page.setViewportSize({ width: 320, height: 640 });
    await signIn(page, PROVIDER);
    // Each page is checked even when one before it is too wide, so one run lists them all.
    const pageWidth = () => page.evaluate(() => document.documentElement.scrollWidth);
    await page.goto("/tenders");
    await waitUntilInteractive(page);
    await expectNoAxeViolations(page);
    expect.soft(await pageWidth(), "/tenders is wider than the 320px screen").toBeLessThanOrEqual(320);
    await go(page, () => page.getByRole("link", { name: "Parenting support in Preston" }).click(), /^\/tenders\/[^/]+$/, "Parenting support in Preston");
    await expectNoAxeViolations(page);
    await expectVisible(page.getByRole("table", { name: "Evaluation criteria" }));
    expect.soft(await pageWidth(), "the tender page (its criteria table) is wider than the 320px screen").toBeLessThanOrEqual(320);
    // On a narrow screen the menu is behind its toggle.
    await page.getByRole("navigation", { name: "Menu" }).getByRole("button", { name: "Menu" }).click();
    await go(page, () => menuLink(page, "Your bids").click(), /^\/bids$/, "Your bids");
    await expectNoAxeViolations(page);
    expect.soft(await pageWidth(), "/bids is wider than the 320px screen").toBeLessThanOrEqual(320);
  });

  test("every page the tests visited was checked with axe", () => {
    expect(visitedUrls().length).toBeGreaterThan(0);
    expect(uncheckedUrls(), `visited: ${visitedUrls().join(", ")}`).toEqual([]);
    expect(consoleErrors()).toEqual([]);
  });
});
