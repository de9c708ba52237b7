// Deadlines in calendars, in Chromium: a provider adds an open tender to their calendar from
// its page, then makes their private calendar address on their account page; both files are
// read back with an iCalendar parser, as a calendar application would read them.
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
  goAndCheck,
  launchBrowser,
  menuLink,
  signIn,
  signOut,
  uncheckedUrls,
  waitUntilInteractive,
  type Browser,
} from "./browser";
import { parseCalendar } from "../helpers/icalendar";

describe.skipIf(!browserAvailable())("deadlines in calendars, in Chromium", () => {
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    browser = await launchBrowser();
    page = browser.page;
  });

  afterAll(async () => {
    await browser?.close();
  });

  test("a provider adds a tender to their calendar, then subscribes to all their deadlines", async () => {
    await signIn(page, "provider@demo.example");
    await expectNoAxeViolations(page);
    await page.goto("/opportunities/tender-open");
    await waitUntilInteractive(page);
    await expectVisible(page.getByText("Last time for questions"));
    await expectNoAxeViolations(page);
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("link", { name: "Add the closing date to your calendar" }).click(),
    ]);
    expect(download.suggestedFilename()).toBe("ESI-2026-004.ics");
    const tenderFile = parseCalendar(fs.readFileSync((await download.path())!, "utf8"));
    expect(tenderFile.events.map((e) => e.summary)).toEqual([
      "Questions close: ESI-2026-004 Parenting support in Preston",
      "Tender closes: ESI-2026-004 Parenting support in Preston",
    ]);
    for (const event of tenderFile.events) expect(event.tzid).toBe("Europe/London");

    await goAndCheck(page, () => menuLink(page, "Your account").click(), /^\/account$/, "Your account");
    await page.getByRole("button", { name: "Get a calendar address" }).click();
    const address = page.getByText(/^https?:\/\/\S+\/calendar\/[A-Za-z0-9_-]{43}\.ics$/);
    await expectVisible(page.getByText("Copy it now: it is shown only once."));
    await expectNoAxeViolations(page);
    // The address is one long word: it wraps rather than widening the page.
    await page.setViewportSize({ width: 320, height: 800 });
    await expectNoHorizontalScroll(page, 320);
    await page.setViewportSize(DESKTOP);
    const url = await address.innerText();
    expect(url).toMatch(/\/calendar\/[A-Za-z0-9_-]{43}\.ics$/);
    // The calendar application fetches it without the browser's session.
    const feed = await fetch(url.replace(/^https?:\/\/[^/]+/, new URL(page.url()).origin));
    expect(feed.status).toBe(200);
    const { events } = parseCalendar(await feed.text());
    expect(events.filter((e) => e.summary === "Tender closes: ESI-2026-004 Parenting support in Preston")).toHaveLength(1);
    expect(events.some((e) => e.summary.startsWith("Return due: "))).toBe(true);

    // Reloaded, the page no longer shows the address, only that there is one.
    await page.reload();
    await waitUntilInteractive(page);
    expect(await address.count()).toBe(0);
    await expectVisible(page.getByRole("button", { name: "Make a new calendar address" }));
    await signOut(page);
    await expectNoAxeViolations(page);
    expect(consoleErrors()).toEqual([]);
    expect(uncheckedUrls()).toEqual([]);
  });
});
