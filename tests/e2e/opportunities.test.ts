// An open tender, as a small charity meets it: not signed in, it finds the opportunity in the
// public list, reads it, downloads its specification and reads the published answers; it
// registers, the council approves it, its contact sets a password from the e-mailed
// invitation, and bids. axe checks every page visited, against WCAG 2.2 A and AA.
import fs from "node:fs";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  browserAvailable,
  consoleErrors,
  DESKTOP,
  expectNoAxeViolations,
  expectNoHorizontalScroll,
  expectVisible,
  launchBrowser,
  linkMailedTo,
  mainHeading,
  signIn,
  uncheckedUrls,
  waitUntilInteractive,
  type Browser,
} from "./browser";
import { fillBidForm } from "./bid-form";

const TENDER = { id: "tender-open", reference: "ESI-2026-004", title: "Parenting support in Preston" };
const QUESTIONS = [
  "Describe the service you will deliver and how families will reach it.",
  "What will the project deliver each quarter, and for how many families?",
  "What difference will it make for children and families, and how will you measure it?",
  "Explain your budget and any match funding or added social value.",
];
const QUARTERS = ["2027-28 Q1", "2027-28 Q2", "2027-28 Q3", "2027-28 Q4"];
const suffix = Date.now().toString(36);
const CHARITY = { name: `Preston Parents Circle ${suffix}`, contact: "Sam Okafor", email: `sam.${suffix}@parents-circle.example` };
const PASSWORD = "circle-of-parents-2026";

let visitor: Browser;
let page: Page;

beforeAll(async () => {
  if (!browserAvailable()) return;
  visitor = await launchBrowser();
  page = visitor.page;
});

afterAll(async () => {
  await visitor?.close();
});

async function go(click: () => Promise<void>, pathname: RegExp, heading: string | RegExp): Promise<void> {
  await click();
  await page.waitForURL((url) => pathname.test(url.pathname));
  await waitUntilInteractive(page);
  await expectVisible(mainHeading(page).filter({ hasText: heading }));
}

describe.skipIf(!browserAvailable())("an open tender, from the public list to a bid", () => {
  test("a visitor finds the open tender, reads it, downloads its specification and reads the answers", async () => {
    await page.goto("/");
    await waitUntilInteractive(page);
    await expectNoAxeViolations(page);
    await go(() => page.getByRole("navigation", { name: "Menu" }).getByRole("link", { name: "Funding opportunities" }).click(), /^\/opportunities$/, "Funding opportunities");
    await expectNoAxeViolations(page);

    // Open opportunities in Preston (other browser tests may have opened tenders elsewhere).
    await page.getByLabel("Status").selectOption({ label: "Open" });
    await page.getByLabel("District").selectOption({ label: "Preston" });
    await page.getByRole("button", { name: "Apply filters" }).click();
    await page.waitForURL((url) => url.searchParams.get("status") === "open" && url.searchParams.get("district") === "district-preston");
    await waitUntilInteractive(page);
    await expectVisible(page.getByRole("status").filter({ hasText: "1 opportunity" }));
    await expectNoAxeViolations(page);

    await go(() => page.getByRole("link", { name: TENDER.title }).click(), new RegExp(`^/opportunities/${TENDER.id}$`), TENDER.title);
    await expectNoAxeViolations(page);
    await expectVisible(page.getByText("Can the service cover families living just outside the Preston boundary?"));
    await expectVisible(page.getByText("Yes, where the children attend a Preston school."));
    // A question still waiting for an answer is not published.
    expect(await page.getByText("Is match funding expected?").count()).toBe(0);

    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("link", { name: "Specification - Parenting support in Preston.pdf" }).click(),
    ]);
    expect(download.suggestedFilename()).toBe("Specification - Parenting support in Preston.pdf");
    const file = await download.path();
    expect(fs.readFileSync(file!).subarray(0, 5).toString()).toBe("%PDF-");
  });

  test("a visitor reads the awarded contracts and grants, with their open data files", async () => {
    await page.goto("/opportunities");
    await waitUntilInteractive(page);
    await go(() => page.getByRole("navigation", { name: "Menu" }).getByRole("link", { name: "Contracts and grants" }).click(), /^\/contracts$/, "Awarded contracts and grants");
    await expectNoAxeViolations(page);
    await expectVisible(page.getByRole("table", { name: "Awarded contracts and grants" }).getByRole("row").nth(1));
    for (const name of [/Contracts over £5,000/, /Grants to voluntary/, /^JSON$/, /^CSV$/, /Open Contracting/]) await expectVisible(page.getByRole("link", { name }));
  });

  test("at 320 CSS pixels wide the lists and an opportunity need no sideways scrolling", async () => {
    await page.setViewportSize({ width: 320, height: 640 });
    try {
      for (const address of ["/opportunities", `/opportunities/${TENDER.id}`, "/contracts"]) {
        await page.goto(address);
        await waitUntilInteractive(page);
        await expectNoAxeViolations(page);
        await expectNoHorizontalScroll(page, 320);
      }
    } finally {
      await page.setViewportSize(DESKTOP);
    }
  });

  test("it registers from the opportunity, is approved, sets its password from the invitation and bids", async () => {
    await page.goto(`/opportunities/${TENDER.id}`);
    await waitUntilInteractive(page);
    await go(() => page.getByRole("link", { name: "Register your organisation" }).click(), /^\/register$/, /Register/);
    await page.getByLabel("Organisation name").fill(CHARITY.name);
    await page.getByLabel("Postcode").fill("PR1 2HE");
    await page.getByLabel("Full name").fill(CHARITY.contact);
    await page.getByLabel("E-mail address").fill(CHARITY.email);
    await expectNoAxeViolations(page);
    await page.getByRole("button", { name: "Register" }).click();
    await page.waitForURL((url) => url.pathname === "/register/done");
    await waitUntilInteractive(page);
    await expectNoAxeViolations(page);

    // The council approves the registration.
    const officer = await launchBrowser();
    try {
      await officer.page.goto("/sign-in");
      await waitUntilInteractive(officer.page);
      await expectNoAxeViolations(officer.page);
      await signIn(officer.page, "officer@demo.example");
      await officer.page.goto(`/organisations?q=${encodeURIComponent(CHARITY.name)}`);
      await waitUntilInteractive(officer.page);
      await expectNoAxeViolations(officer.page);
      await officer.page.getByRole("link", { name: CHARITY.name }).click();
      await waitUntilInteractive(officer.page);
      await expectNoAxeViolations(officer.page);
      await officer.page.getByRole("button", { name: `Approve ${CHARITY.name}` }).click();
      await expectVisible(officer.page.getByText(`${CHARITY.name} is approved.`));
      await expectNoAxeViolations(officer.page);
    } finally {
      await officer.close();
    }

    // The contact follows the invitation, sets a password and is signed in.
    const invitation = linkMailedTo(CHARITY.email, /\/accept-invitation\/[A-Za-z0-9_-]+/);
    await page.goto(invitation);
    await waitUntilInteractive(page);
    await expectNoAxeViolations(page);
    await page.getByLabel("Create a password").fill(PASSWORD);
    await page.getByLabel("Confirm your password").fill(PASSWORD);
    await page.getByRole("button", { name: "Set password and sign in" }).click();
    await page.waitForURL((url) => !url.pathname.startsWith("/accept-invitation"));
    await waitUntilInteractive(page);

    // Back on the opportunity, signed in: to the tender in the account, and a bid.
    await page.goto(`/opportunities/${TENDER.id}`);
    await waitUntilInteractive(page);
    await go(() => page.getByRole("link", { name: "Go to the tender in your account" }).click(), new RegExp(`^/tenders/${TENDER.id}$`), TENDER.title);
    await expectNoAxeViolations(page);
    await go(() => page.getByRole("button", { name: "Start or continue your bid" }).click(), new RegExp(`^/tenders/${TENDER.id}/bid$`), `Bid for ${TENDER.title}`);
    await expectNoAxeViolations(page);
    await page.getByRole("button", { name: "Start your bid" }).click();
    await page.waitForURL((url) => /^\/bids\/[^/]+$/.test(url.pathname));
    await waitUntilInteractive(page);
    await expectNoAxeViolations(page);
    const bidPath = new URL(page.url()).pathname;

    await fillBidForm(page, {
      district: "Preston",
      title: "Parents together in Preston",
      answers: QUESTIONS.map((q) => [q, "Weekly groups in three family hubs, with home visits for parents who cannot come."] as const),
      amount: "12,000",
      quarters: QUARTERS,
      perQuarter: { staff: "2000", delivery: "1000" },
      indicator: { kind: "Outcome", name: "Parents completing a course", definition: "Parents who attend at least six of eight sessions", target: "12" },
    });
    await page.getByRole("button", { name: "Save and continue" }).click();
    await page.waitForURL((url) => url.pathname === `${bidPath}/submit`);
    await waitUntilInteractive(page);
    await expectNoAxeViolations(page);
    await page.getByLabel(/^I confirm that the information in this bid is correct and complete/).check();
    await go(() => page.getByRole("button", { name: "Submit your bid" }).click(), new RegExp(`^${bidPath}/receipt$`), "Bid submitted");
    await expectNoAxeViolations(page);
  });

  test("every page visited was checked with axe, and no page logged an error", () => {
    expect(uncheckedUrls()).toEqual([]);
    expect(consoleErrors()).toEqual([]);
  });
});
