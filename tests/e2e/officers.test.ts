// The county-wide officer's everyday chasing and taking stock, in Chromium: sending a reminder
// about the seeded overdue return (PRJ-2026-002, 2026-27 Q2), downloading a quarter's
// returns as a workbook, and turning one notification e-mail off. Then the two new page
// templates at 320 CSS pixels wide. axe checks every page visited.
import type { Locator, Page } from "playwright-core";
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import {
  browserAvailable,
  consoleErrors,
  expectNoAxeViolations,
  expectNoHorizontalScroll,
  expectVisible,
  goAndCheck,
  launchBrowser,
  mainHeading,
  menuLink,
  signIn,
  signOut,
  uncheckedUrls,
  waitUntilInteractive,
  type Browser,
} from "./browser";

const OLIVIA = "officer@demo.example";
const NARROW = { width: 320, height: 800 };

function banner(page: Page, heading: "Success" | "Important", text: string | RegExp): Locator {
  return page.getByRole(heading === "Success" ? "alert" : "region").filter({ has: page.getByRole("heading", { name: heading }) }).filter({ hasText: text });
}

describe.skipIf(!browserAvailable())("an officer chases, downloads and chooses their e-mails in Chromium", () => {
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    browser = await launchBrowser();
    page = browser.page;
  });

  afterAll(async () => {
    await browser?.close();
  });

  beforeEach(async () => {
    await browser.context.clearCookies();
  });

  test("sends a reminder about an overdue return, once a day", async () => {
    await signIn(page, OLIVIA);
    await expectNoAxeViolations(page);
    await goAndCheck(page, () => menuLink(page, "Returns to review").click(), /^\/reviews$/, "Quarterly returns");
    await page.getByRole("navigation", { name: "Returns by where they stand" }).getByRole("link", { name: /^Overdue/ }).click();
    await page.waitForURL((url) => url.search === "?tab=overdue");
    await waitUntilInteractive(page);
    await expectNoAxeViolations(page);
    await goAndCheck(page, () => page.getByRole("link", { name: /^PRJ-2026-002\s*: 2026-27 Q2 return$/ }).click(), /^\/returns\/[^/]+$/, "2026-27 Q2 quarterly return");
    await page.getByRole("button", { name: "Send a reminder" }).click();
    await expectVisible(banner(page, "Success", /^.*A reminder has been e-mailed to \d+ (person|people) at the provider\./));
    await expectVisible(page.getByText(/^An officer last sent a reminder at .* by Olivia/));
    await expectNoAxeViolations(page);
    // GOV.UK Frontend ignores a second press within a second; a person reads the banner first.
    await page.waitForTimeout(1_000);
    await page.getByRole("button", { name: "Send a reminder" }).click();
    await expectVisible(page.getByRole("alert").filter({ hasText: /A reminder was sent at .*the next can be sent from/ }));
    // The page is the form's answer now (Remix addresses an index route's action with ?index).
    await page.waitForURL((url) => url.search === "?index");
    await expectNoAxeViolations(page);
  });

  test("downloads a quarter's returns with their figures as a workbook", async () => {
    await signIn(page, OLIVIA);
    await expectNoAxeViolations(page);
    await goAndCheck(page, () => menuLink(page, "Returns to review").click(), /^\/reviews$/, "Quarterly returns");
    await goAndCheck(page, () => page.getByRole("link", { name: "Download a quarter's returns with their figures" }).click(), /^\/reviews\/figures$/, "Download a quarter's returns");
    await page.getByLabel("Quarter", { exact: true }).selectOption("2026-27 Q1");
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: "Download spreadsheet (XLSX)" }).click(),
    ]);
    expect(download.suggestedFilename()).toBe("returns-2026-27-Q1.xlsx");
    // The page stays as it was.
    expect(new URL(page.url()).pathname).toBe("/reviews/figures");
  });

  test("turns off the e-mail about clarification questions", async () => {
    await signIn(page, OLIVIA);
    await expectNoAxeViolations(page);
    await goAndCheck(page, () => menuLink(page, "Your account").click(), /^\/account$/, "Your account");
    await goAndCheck(page, () => page.getByRole("link", { name: "Choose which e-mails you get" }).click(), /^\/account\/notifications$/, "E-mail notifications");
    const question = page.getByLabel("A provider asks a clarification question about a tender");
    expect(await question.isChecked()).toBe(true);
    await question.uncheck();
    await page.getByRole("button", { name: "Save notifications" }).click();
    await expectVisible(banner(page, "Success", "Your e-mail notifications have been saved."));
    expect(await page.getByLabel("A provider asks a clarification question about a tender").isChecked()).toBe(false);
    expect(await page.getByLabel("A quarterly return is submitted or resubmitted").isChecked()).toBe(true);
    await expectNoAxeViolations(page);
    await signOut(page);
    await expectNoAxeViolations(page);
  });

  test("an administrator's invitation asks for an organisation only for a provider, and for districts only for an officer", async () => {
    await signIn(page, "admin@demo.example");
    await expectNoAxeViolations(page);
    await goAndCheck(page, () => menuLink(page, "Admin").click(), /^\/admin$/, "Admin");
    await goAndCheck(page, () => page.getByRole("link", { name: "Users", exact: true }).first().click(), /^\/admin\/users$/, "Users");
    await goAndCheck(page, () => page.getByRole("button", { name: "Invite a user" }).click(), /^\/admin\/users\/new$/, "Invite a user");
    const roles = page.getByRole("group", { name: "Roles" });
    const districts = page.getByRole("group", { name: "Districts this officer covers" });
    const organisation = page.getByLabel("Provider organisation");
    await roles.getByLabel("Panel member", { exact: true }).check();
    expect(await districts.isVisible()).toBe(false);
    expect(await organisation.isVisible()).toBe(false);
    await roles.getByLabel("Commissioning officer", { exact: true }).check();
    await expectVisible(districts);
    expect(await organisation.isVisible()).toBe(false);
    await roles.getByLabel("Commissioning officer", { exact: true }).uncheck();
    await roles.getByLabel("Provider", { exact: true }).check();
    await expectVisible(organisation);
    expect(await districts.isVisible()).toBe(false);
    await expectNoAxeViolations(page);
  });

  test("at 320 CSS pixels wide the notifications and download pages need no sideways scrolling", async () => {
    await page.setViewportSize(NARROW);
    await signIn(page, OLIVIA);
    await expectNoAxeViolations(page);
    for (const path of ["/account/notifications", "/reviews/figures"]) {
      await page.goto(path);
      await waitUntilInteractive(page);
      await expectVisible(mainHeading(page));
      await expectNoHorizontalScroll(page, NARROW.width);
      await expectNoAxeViolations(page);
    }
  });

  test("every page visited was checked with axe, and none logged an error", () => {
    expect(uncheckedUrls()).toEqual([]);
    expect(consoleErrors()).toEqual([]);
  });
});
