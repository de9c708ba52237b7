// District performance profiles in a real browser, driven by labels and roles:
// - the Chorley officer opens Profiles, picks Chorley, reads the 2026-27 Q2 profile (draft),
//   downloads its PDF (a real PDF, with the district's name in it), and publishes it;
// - a partnership board member (the viewer) finds the published profile and reads it, and
//   is refused the live one;
// - at 320 CSS pixels the profile needs no sideways scrolling;
// - the board's reading: a county-wide officer publishes the county pack; the viewer opens the
//   county view of published profiles, a published profile and the published pack; at 1280
//   pixels the profile's charts are at least 400 pixels wide.
// axe checks every page visited, against WCAG 2.2 A and AA.
import fs from "node:fs";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { readPdf } from "../helpers/pdf-text";
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
  waitUntilInteractive,
  type Browser,
} from "./browser";

const OFFICER = "chorley.officer@demo.example";
const COUNTY_OFFICER = "officer@demo.example";
const VIEWER = "viewer@demo.example";
const QUARTER = "2026-27 Q2";

function successBanner(page: Page, text: string | RegExp) {
  return page.getByRole("alert").filter({ has: page.getByRole("heading", { name: "Success" }) }).filter({ hasText: text });
}

describe.skipIf(!browserAvailable())("district performance profiles in Chromium", () => {
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    browser = await launchBrowser({ viewport: DESKTOP });
    page = browser.page;
  });

  afterAll(async () => {
    await browser?.close();
  });

  beforeEach(async () => {
    await browser.context.clearCookies();
  });

  test("an officer opens Chorley's profile, downloads its PDF and publishes it; a viewer reads it", async () => {
    await signIn(page, OFFICER);
    await expectNoAxeViolations(page);
    await page.getByRole("navigation", { name: "Menu" }).getByRole("link", { name: "Profiles" }).click();
    await page.waitForURL((url) => url.pathname === "/profiles");
    await expectVisible(mainHeading(page).filter({ hasText: "District performance profiles" }));
    await expectNoAxeViolations(page);

    await page.getByLabel("Quarter", { exact: true }).selectOption(QUARTER);
    await page.getByRole("button", { name: "Show quarter" }).click();
    await page.waitForURL((url) => url.searchParams.get("quarter") === QUARTER);
    await expectNoAxeViolations(page);
    await page.getByRole("table", { name: /Districts side by side/ }).getByRole("link", { name: "Chorley" }).click();
    await page.waitForURL((url) => url.pathname === "/profiles/district-chorley");
    await waitUntilInteractive(page);
    await expectVisible(mainHeading(page).filter({ hasText: "Chorley district performance profile" }));
    await expectVisible(page.getByText(`${QUARTER} (July–September 2026)`));
    // The headline and the projects table, with RAG in words.
    await expectVisible(page.getByRole("heading", { level: 2, name: "Headline" }));
    await expectVisible(page.getByText("Estimated costs avoided", { exact: true }));
    const projects = page.getByRole("table", { name: /Projects in Chorley/ });
    await expectVisible(projects.getByRole("rowheader", { name: /Family Links/ }));
    // Charts carry a text alternative.
    await expectVisible(page.getByRole("img", { name: /spend/i }));
    // What the board decides with: the officer's commentary, each project's rating and recommendation.
    await expectVisible(page.getByRole("heading", { level: 2, name: "Commentary" }));
    await expectVisible(page.getByText(/^Reach is ahead of last year/));
    const advice = page.getByRole("table", { name: "Ratings and recommendations" });
    await expectVisible(advice.getByRole("row", { name: /Family Links/ }).getByText("Continue with conditions"));
    await expectNoAxeViolations(page);

    // The PDF: a real PDF with the district's name in it.
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Profile as PDF (draft)" }).click()]);
    expect(download.suggestedFilename()).toBe("chorley-2026-27-q2-draft-profile.pdf");
    const bytes = new Uint8Array(fs.readFileSync((await download.path())!));
    expect(Buffer.from(bytes.subarray(0, 5)).toString("latin1")).toBe("%PDF-");
    const pdf = await readPdf(bytes);
    expect(pdf.title).toContain("Chorley");
    expect(pdf.text).toContain("Chorley");
    expect(pdf.text).toContain("DRAFT");

    // Publish, for the public pages too.
    await page.getByLabel("Also make this edition public on the council's website").check();
    await page.getByRole("button", { name: "Publish this profile" }).click();
    await page.waitForURL((url) => url.pathname.startsWith("/profiles/published/"));
    await expectVisible(successBanner(page, /Chorley's profile for 2026-27 Q2 is published \(edition \d+\)/));
    await expectVisible(page.getByText(/Published .* edition \d+/).first());
    await expectNoAxeViolations(page);
    const publishedPath = new URL(page.url()).pathname;
    await signOut(page);
    await expectNoAxeViolations(page);

    // The viewer: published profiles only, their home listing them, and the quarter's side by side.
    await signIn(page, VIEWER);
    await expectVisible(page.getByRole("link", { name: `Chorley, ${QUARTER}` }).first());
    await expectNoAxeViolations(page);
    await page.getByRole("navigation", { name: "Menu" }).getByRole("link", { name: "Profiles" }).click();
    await page.waitForURL((url) => url.pathname === "/profiles");
    await expectNoAxeViolations(page);
    await page.getByLabel("Quarter", { exact: true }).selectOption(QUARTER);
    await page.getByRole("button", { name: "Show quarter" }).click();
    await page.waitForURL((url) => url.searchParams.get("quarter") === QUARTER);
    await expectVisible(page.getByRole("table", { name: /Districts side by side/ }).getByRole("rowheader", { name: "Chorley" }));
    await expectNoAxeViolations(page);
    await page.getByRole("table", { name: "Published profiles" }).getByRole("link", { name: "Chorley" }).first().click();
    await page.waitForURL((url) => url.pathname === publishedPath);
    await expectVisible(mainHeading(page).filter({ hasText: "Chorley district performance profile" }));
    await expectVisible(page.getByRole("table", { name: /Projects in Chorley/ }).getByRole("rowheader", { name: /Family Links/ }));
    await expectNoAxeViolations(page);

    const refused = await page.goto(`/profiles/district-chorley?quarter=${encodeURIComponent(QUARTER)}`);
    expect(refused?.status()).toBe(403);
    await expectNoAxeViolations(page);
    await signOut(page);

    // Anyone: the public edition, without the families' stories.
    await page.goto("/opportunities");
    await waitUntilInteractive(page);
    await expectNoAxeViolations(page);
    await page.getByRole("navigation", { name: "Menu" }).getByRole("link", { name: "District profiles" }).click();
    await page.waitForURL((url) => url.pathname === "/district-profiles");
    await expectNoAxeViolations(page);
    await page.getByRole("link", { name: `Chorley, ${QUARTER}` }).first().click();
    await page.waitForURL((url) => url.pathname.startsWith("/district-profiles/"));
    await expectVisible(mainHeading(page).filter({ hasText: "Chorley district performance profile" }));
    await expectVisible(page.getByText("Families' stories are shared with the partnership board only."));
    await expectNoAxeViolations(page);
  });

  test("the profile needs no sideways scrolling at 320 pixels", async () => {
    const narrow = await launchBrowser({ viewport: { width: 320, height: 800 } });
    try {
      await signIn(narrow.page, OFFICER);
      await narrow.page.goto(`/profiles/district-chorley?quarter=${encodeURIComponent(QUARTER)}`);
      await expectVisible(mainHeading(narrow.page).filter({ hasText: "Chorley district performance profile" }));
      await expectNoHorizontalScroll(narrow.page, 320);
      await expectNoAxeViolations(narrow.page);
    } finally {
      await narrow.close();
    }
  });

  test("an officer confirms a project's annual performance assessment from the profile", async () => {
    await signIn(page, OFFICER);
    // The case studies page hydrates without throwing the server's page away (its limit once
    // came from a .server module, undefined in the browser): no console error, the legend whole.
    await page.goto(`/profiles/district-chorley/case-studies?quarter=${encodeURIComponent(QUARTER)}`);
    await waitUntilInteractive(page);
    await expectVisible(page.getByRole("group", { name: "Choose up to 2" }));
    await expectNoAxeViolations(page);
    await page.goto(`/profiles/district-chorley?quarter=${encodeURIComponent(QUARTER)}`);
    await waitUntilInteractive(page);
    await expectNoAxeViolations(page);
    await page.getByRole("table", { name: /Projects in Chorley/ }).getByRole("link", { name: /Family Links/ }).click();
    await page.waitForURL((url) => /^\/projects\/[^/]+$/.test(url.pathname));
    await waitUntilInteractive(page);
    await expectNoAxeViolations(page);
    await page.getByRole("link", { name: "Assess the project's performance by year" }).click();
    await page.waitForURL((url) => url.pathname.endsWith("/performance"));
    await expectVisible(mainHeading(page).filter({ hasText: "Performance assessments" }));
    await waitUntilInteractive(page);
    await expectNoAxeViolations(page);
    // A rating other than the proposal, without a reason: refused beside the field, the choice kept.
    const year = page.getByRole("group", { name: "Rating for 2026-27" });
    const proposed = await year.getByRole("radio", { checked: true }).count();
    await year.getByLabel(proposed && (await year.getByLabel("Inadequate").isChecked()) ? "Good" : "Inadequate", { exact: true }).check();
    await page.getByRole("button", { name: "Confirm the 2026-27 rating" }).click();
    await expectVisible(page.getByRole("alert").getByRole("link", { name: /^Say (why|what)/ }));
    await waitUntilInteractive(page);
    await expectNoAxeViolations(page);
    await page.getByLabel("Reason").first().fill("Agreed at the quarterly review with the provider.");
    // GOV.UK's button ignores a second press within a second of the first (a double click);
    // a person typing the reason takes longer than that, so this waits as long.
    await page.waitForTimeout(1_000);
    await page.getByRole("button", { name: "Confirm the 2026-27 rating" }).click();
    await expectVisible(successBanner(page, /The 2026-27 performance assessment is confirmed/));
    await waitUntilInteractive(page);
    await expectNoAxeViolations(page);
    // The message is shown once: on the next page it is gone.
    await page.getByRole("link", { name: "Back to the project" }).click();
    await page.waitForURL((url) => /^\/projects\/[^/]+$/.test(url.pathname));
    await expectVisible(page.getByRole("heading", { level: 2, name: "Performance assessment" }));
    expect(await page.getByRole("heading", { name: "Success" }).count()).toBe(0);
    await expectNoAxeViolations(page);
    await signOut(page);
  });

  test("the board reads the county view, a published profile and the published county pack; charts are legible at 1280 pixels", async () => {
    await signIn(page, COUNTY_OFFICER);
    await page.goto(`/profiles/district-chorley?quarter=${encodeURIComponent(QUARTER)}`);
    await waitUntilInteractive(page);
    // The profile is a dashboard: each chart at least 400 pixels wide at 1280.
    for (const name of [/^Approved spend against profile, by quarter/, /^Projects by RAG rating this quarter/, /^Approved spend against profile, last eight quarters/, /^People reached in the quarter/]) {
      const box = await page.getByRole("img", { name }).first().boundingBox();
      expect(box?.width, String(name)).toBeGreaterThanOrEqual(400);
    }
    await expectVisible(page.getByRole("table", { name: /Chorley beside the county's 12 districts/ }).getByRole("rowheader", { name: "Estimated costs avoided per £1 spent" }));
    await expectVisible(page.getByRole("table", { name: /Trend over eight quarters, 2024-25 Q3 to 2026-27 Q2/ }));
    await expectNoAxeViolations(page);

    // The county-wide officer publishes the quarter's pack; the page follows the build.
    await page.goto(`/profiles/pack?quarter=${encodeURIComponent(QUARTER)}`);
    await waitUntilInteractive(page);
    await expectNoAxeViolations(page);
    await page.getByLabel("Quarter", { exact: true }).selectOption(QUARTER);
    await page.getByLabel("An edition to publish to the board").check();
    await page.getByRole("button", { name: "Build the county pack" }).click();
    await expectVisible(page.getByText(`The county pack for ${QUARTER} is being built to publish`));
    await expectVisible(page.getByRole("link", { name: new RegExp(`Download the county pack for ${QUARTER}, edition \\d+`) }), 90_000);
    await expectNoAxeViolations(page);
    await signOut(page);

    // The viewer: the pack on their home page and on Profiles, the county view, a published profile.
    await signIn(page, VIEWER);
    await expectVisible(page.getByRole("heading", { name: "County performance packs" }));
    await expectNoAxeViolations(page);
    await page.getByRole("navigation", { name: "Menu" }).getByRole("link", { name: "Profiles" }).click();
    await page.waitForURL((url) => url.pathname === "/profiles");
    await page.getByLabel("Quarter", { exact: true }).selectOption(QUARTER);
    await page.getByRole("button", { name: "Show quarter" }).click();
    await page.waitForURL((url) => url.searchParams.get("quarter") === QUARTER);
    const county = page.getByRole("table", { name: /Districts side by side/ });
    await expectVisible(county.getByRole("rowheader", { name: "Chorley" }));
    await expectVisible(county.getByRole("columnheader", { name: /Per £1 spent/ }));
    await expectNoAxeViolations(page);
    const packLink = page.getByRole("link", { name: new RegExp(`County performance pack, ${QUARTER}, edition \\d+`) }).first();
    const response = await page.request.get((await packLink.getAttribute("href"))!);
    expect(response.status()).toBe(200);
    const pack = await readPdf(new Uint8Array(await response.body()));
    expect(pack.pageTexts[0]).toContain(`County performance pack, ${QUARTER}`);
    expect(pack.pageTexts[0]).toContain("Contents");
    expect(pack.pageTexts[1]).toContain("County summary");
    expect(pack.text).not.toContain("DRAFT");

    await county.getByRole("link", { name: "Chorley" }).click();
    await page.waitForURL((url) => url.pathname.startsWith("/profiles/published/"));
    await expectVisible(page.getByRole("table", { name: /Trend over eight quarters/ }));
    const chart = await page.getByRole("img", { name: /^Approved spend against profile, last eight quarters/ }).first().boundingBox();
    expect(chart?.width).toBeGreaterThanOrEqual(400);
    await expectNoAxeViolations(page);
    await signOut(page);
  }, 180_000);

  test("every page visited was checked with axe", () => {
    expect(uncheckedUrls()).toEqual([]);
    expect(consoleErrors()).toEqual([]);
  });
});
