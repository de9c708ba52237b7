// At 320 CSS pixels wide (a small phone, or 400% zoom) no page template scrolls sideways: wide
// tables scroll in their own region, long words (an e-mail address, a line of code) wrap. One
// check per template the lists and forms elsewhere do not already cover: a project, a
// monitoring visit, the context import and a user's admin page (the return check page is
// checked in returns.test.ts). axe checks
// each page at that width.
import type { Page } from "playwright-core";
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import {
  browserAvailable,
  consoleErrors,
  expectNoAxeViolations,
  expectNoHorizontalScroll,
  expectVisible,
  launchBrowser,
  mainHeading,
  signIn,
  signOut,
  uncheckedUrls,
  waitUntilInteractive,
  type Browser,
} from "./browser";

const NARROW = { width: 320, height: 800 };

describe.skipIf(!browserAvailable())("every page template at 320 pixels wide", () => {
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    browser = await launchBrowser({ viewport: NARROW });
    page = browser.page;
  });

  afterAll(async () => {
    await browser?.close();
  });

  beforeEach(async () => {
    await browser.context.clearCookies();
  });

  async function fits() {
    await waitUntilInteractive(page);
    await expectVisible(mainHeading(page));
    await expectNoHorizontalScroll(page, NARROW.width);
    await expectNoAxeViolations(page);
  }

  test("an officer's project, its monitoring visit and the context import", async () => {
    await signIn(page, "chorley.officer@demo.example");
    await expectNoAxeViolations(page);
    await page.goto("/projects");
    await fits();
    await page.getByRole("main").getByRole("link", { name: /Family Links/ }).first().click();
    await page.waitForURL((url) => /^\/projects\/[^/]+$/.test(url.pathname));
    await fits();
    await page.getByRole("link", { name: "All monitoring visits for this project" }).click();
    await page.waitForURL((url) => url.pathname.endsWith("/visits"));
    await fits();
    await page.getByRole("main").getByRole("table").getByRole("link").first().click();
    await page.waitForURL((url) => /\/visits\/[^/]+$/.test(url.pathname));
    await fits();
    await page.goto("/context/import");
    await fits();
    await signOut(page);
    await expectNoAxeViolations(page);
  });

  test("a user's page in the admin area, with a long e-mail address", async () => {
    await signIn(page, "admin@demo.example");
    await expectNoAxeViolations(page);
    await page.goto("/admin/users");
    await fits();
    await page.getByRole("main").getByRole("link", { name: "Chris Chorley" }).first().click();
    await page.waitForURL((url) => /^\/admin\/users\/[^/]+$/.test(url.pathname));
    await fits();
    await signOut(page);
    await expectNoAxeViolations(page);
  });

  test("every page visited was checked with axe, and none logged an error", () => {
    expect(uncheckedUrls()).toEqual([]);
    expect(consoleErrors()).toEqual([]);
  });
});
