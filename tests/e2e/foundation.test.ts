// The foundation in a real browser: every demo account signs in and out, sign-in errors,
// sign-in without JavaScript, the error pages, a narrow screen, and axe on every page seen.
import fs from "node:fs";
import type { Page } from "playwright-core";
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
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from "../../demo/constants";

/** What each demo account's home page shows beyond the welcome, found by role and text. */
const HOME_CHECKS: Record<string, (page: Page) => Promise<void>> = {
  "admin@demo.example": async (page) => {
    await expectVisible(page.getByRole("heading", { level: 2, name: "Administration" }));
    await expectVisible(page.getByRole("link", { name: /active user accounts$/ }));
    await expectVisible(page.getByRole("heading", { level: 2, name: "Organisations waiting for approval" }));
  },
  "officer@demo.example": async (page) => {
    await expectVisible(page.getByRole("heading", { level: 2, name: "Organisations waiting for approval" }));
    await expectVisible(page.getByRole("link", { name: "Ribble Valley Young Carers" }));
    await expectVisible(page.getByRole("heading", { level: 2, name: /^Districts: funding allocated in / }));
    const table = page.getByRole("table", { name: /^Funding allocated per district/ });
    await expectVisible(table.getByRole("rowheader", { name: "Burnley" }));
    await expectVisible(table.getByRole("rowheader", { name: "Wyre" }));
  },
  "chorley.officer@demo.example": async (page) => {
    await expectVisible(page.getByRole("heading", { level: 2, name: "Organisations waiting for approval" }));
    await expectVisible(page.getByRole("heading", { level: 2, name: /^Your districts: funding allocated in / }));
    const table = page.getByRole("table", { name: /^Funding allocated per district/ });
    await expectVisible(table.getByRole("rowheader", { name: "Chorley" }));
    // Scoped to Chorley: no other district is listed.
    expect(await table.getByRole("rowheader").count()).toBe(1);
  },
  "panel@demo.example": async (page) => {
    await expectVisible(page.getByRole("heading", { level: 2, name: "Panel" }));
    expect(await page.getByRole("heading", { name: "Administration" }).count()).toBe(0);
  },
  "provider@demo.example": async (page) => {
    await expectVisible(page.getByRole("heading", { level: 2, name: "Your organisation" }));
    await expectVisible(page.getByRole("main").getByRole("link", { name: "Red Rose Family Support" }));
    expect(await page.getByRole("heading", { name: "Organisations waiting for approval" }).count()).toBe(0);
  },
  "viewer@demo.example": async (page) => {
    await expectVisible(page.getByRole("heading", { level: 2, name: /^Districts: funding allocated in / }));
    await expectVisible(page.getByRole("heading", { level: 2, name: "Published district profiles" }));
    await expectVisible(page.getByRole("link", { name: "All district profiles" }));
    expect(await page.getByRole("heading", { name: "Administration" }).count()).toBe(0);
  },
};

const welcome = (page: Page, name: string) => page.getByRole("heading", { level: 1, name: new RegExp(`Welcome, ${name}$`) });

describe.skipIf(!browserAvailable())("the foundation in Chromium", () => {
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    browser = await launchBrowser({ viewport: DESKTOP });
    page = browser.page;
  });

  afterAll(async () => {
    await browser?.close();
  });

  // Each test starts signed out, even if the one before failed half-way.
  beforeEach(async () => {
    await browser.context.clearCookies();
  });

  describe("each demo account signs in, sees its home page and signs out", () => {
    test.each(DEMO_ACCOUNTS.map((a) => [a.email, a] as const))("%s", async (email, account) => {
      expect(Object.keys(HOME_CHECKS)).toContain(email);
      await signIn(page, email);
      expect(new URL(page.url()).pathname).toBe("/");
      await expectVisible(welcome(page, account.name));
      await HOME_CHECKS[email](page);
      await expectNoAxeViolations(page);

      const menu = page.getByRole("navigation", { name: "Menu" });
      if (account.roles.includes("admin")) {
        // The admin area and its list of users, reached from the menu.
        await menu.getByRole("link", { name: "Admin" }).click();
        await page.waitForURL((url) => url.pathname === "/admin");
        await expectVisible(page.getByRole("heading", { level: 1, name: "Admin" }));
        await expectNoAxeViolations(page);
        await page.getByRole("main").getByRole("link", { name: "Users" }).click();
        await page.waitForURL((url) => url.pathname === "/admin/users");
        await expectVisible(page.getByRole("heading", { level: 1, name: "Users" }));
        await expectNoAxeViolations(page);
        // The list's CSV arrives as a file, not as a broken page (a page route cannot send one).
        const [download] = await Promise.all([
          page.waitForEvent("download"),
          page.getByRole("link", { name: "Download as CSV" }).click(),
        ]);
        expect(download.suggestedFilename()).toBe("users.csv");
        const csv = fs.readFileSync((await download.path())!, "utf8");
        expect(csv.split("\r\n")[0]).toBe("\uFEFFName,E-mail,Organisation,Roles,Status,Last sign-in,Invited or added");
        // A long list's pages: the gap between page numbers is an ellipsis, not the entity's name.
        await page.goto("/admin/audit");
        const pages = page.getByRole("navigation", { name: "Pages" });
        await expectVisible(pages);
        expect(await pages.innerText()).toContain("\u22EF");
        expect(await pages.innerText()).not.toContain("ctdot");
        await expectNoAxeViolations(page);
        expect(csv).toContain("admin@demo.example");
      }
      if (email === "officer@demo.example") {
        // The register of organisations, reached from the menu.
        await menu.getByRole("link", { name: "Organisations" }).click();
        await page.waitForURL((url) => url.pathname === "/organisations");
        await expectVisible(page.getByRole("heading", { level: 1, name: "Organisations" }));
        await expectNoAxeViolations(page);
      }

      await signOut(page);
      await expectNoAxeViolations(page);
      // Signed out for real: the header offers "Sign in" again and home shows the welcome for visitors.
      await page.goto("/");
      await expectVisible(mainHeading(page).filter({ hasText: "Early help commissioning and grant monitoring" }));
      await expectVisible(page.getByRole("banner").getByRole("link", { name: "Sign in" }));
    });
  });

  test("a wrong password shows the error summary, keeps the e-mail address and moves focus to the summary", async () => {
    await signIn(page, "viewer@demo.example", { password: "not-the-password", expectFailure: true });
    expect(new URL(page.url()).pathname).toBe("/sign-in");
    const summary = page.getByRole("alert").filter({ has: page.getByRole("heading", { name: "There is a problem" }) });
    await expectVisible(summary);
    await expectVisible(summary.getByRole("link", { name: "Enter a correct e-mail address and password" }));
    expect(await page.getByLabel("E-mail address", { exact: true }).inputValue()).toBe("viewer@demo.example");
    // Focus moves to the summary so a screen reader announces it and the keyboard starts there.
    // (The focused element must hold the summary, and be neither the body nor all of <main>.)
    await expect
      .poll(
        () =>
          summary.evaluate((alert) => {
            const focused = document.activeElement;
            return !!focused && focused !== document.body && focused.tagName !== "MAIN" && focused.contains(alert);
          }),
        { timeout: 5_000 },
      )
      .toBe(true);
    await expectNoAxeViolations(page);

    // The summary's link takes you to the field.
    await summary.getByRole("link", { name: "Enter a correct e-mail address and password" }).click();
    await expect.poll(() => page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.name)).toBe("email");
  });

  test("without JavaScript, signing in works the same and lands on the home page", async () => {
    const noJs = await launchBrowser({ javaScriptEnabled: false });
    try {
      const p = noJs.page;
      // A wrong password first: the same error summary and the e-mail address kept.
      await signIn(p, "provider@demo.example", { password: "wrong-password", expectFailure: true });
      await expectVisible(p.getByRole("link", { name: "Enter a correct e-mail address and password" }));
      expect(await p.getByLabel("E-mail address", { exact: true }).inputValue()).toBe("provider@demo.example");
      // The server never sends the password back.
      expect(await p.getByLabel("Password", { exact: true }).inputValue()).toBe("");
      await expectNoAxeViolations(p);

      await p.getByLabel("Password", { exact: true }).fill(DEMO_PASSWORD);
      await p.getByRole("button", { name: "Sign in", exact: true }).click();
      await p.waitForURL((url) => url.pathname === "/");
      await expectVisible(welcome(p, "Pat Provider"));
      await expectVisible(p.getByRole("heading", { level: 2, name: "Your organisation" }));
      await expectNoAxeViolations(p);

      await signOut(p);
      await expectNoAxeViolations(p);
    } finally {
      await noJs.close();
    }
  });

  test("signed-out home page and sign-in page", async () => {
    await page.goto("/");
    await waitUntilInteractive(page);
    await expectVisible(mainHeading(page).filter({ hasText: "Early help commissioning and grant monitoring" }));
    await expectNoAxeViolations(page);

    // The start button takes you to sign in.
    await page.getByRole("main").getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL((url) => url.pathname === "/sign-in");
    await expectVisible(page.getByRole("heading", { level: 1, name: "Sign in" }));
    await expectVisible(page.getByLabel("E-mail address", { exact: true }));
    await expectVisible(page.getByLabel("Password", { exact: true }));
    await expectNoAxeViolations(page);

    // A charity new to the portal follows the link to register.
    await page.getByRole("main").getByRole("link", { name: "register your organisation" }).click();
    await page.waitForURL((url) => url.pathname === "/register");
    await expectVisible(page.getByRole("heading", { level: 1, name: "Register your organisation" }));
    await expectNoAxeViolations(page);
  });

  test("an address that does not exist shows the 'Page not found' page", async () => {
    const response = await page.goto("/no-such-page");
    expect(response?.status()).toBe(404);
    await expectVisible(page.getByRole("heading", { level: 1, name: "Page not found" }));
    await expectVisible(page.getByRole("link", { name: "Go to the home page" }));
    // One title, the page's own, so the tab says what happened.
    expect(await page.locator("head title").count()).toBe(1);
    expect(await page.title()).toBe("Page not found – Early help portal");
    await expectNoAxeViolations(page);
  });

  test("help, the support address and a complete accessibility statement are a click from any page", async () => {
    await page.goto("/opportunities");
    await waitUntilInteractive(page);
    await expectNoAxeViolations(page);
    // The tab's icon is the council's, served from public/, not a 404.
    const icon = await page.request.get("/favicon.ico");
    expect(icon.status()).toBe(200);
    expect((await icon.body()).subarray(0, 4)).toEqual(Buffer.from([0, 0, 1, 0]));
    const footer = page.getByRole("contentinfo");
    // The council's support address (a setting), as a link to write to.
    await expectVisible(footer.getByRole("link", { name: /^[^@\s]+@[^@\s]+$/ }));
    await footer.getByRole("link", { name: "Help", exact: true }).click();
    await page.waitForURL((url) => url.pathname === "/help");
    await expectVisible(page.getByRole("heading", { level: 1, name: "Help" }));
    await expectVisible(page.getByRole("heading", { level: 2, name: "Charities and community groups" }));
    await expectNoAxeViolations(page);
    await page.getByRole("contentinfo").getByRole("link", { name: "Accessibility statement" }).click();
    await page.waitForURL((url) => url.pathname === "/accessibility");
    for (const heading of ["Compliance status", "Non-accessible content", "Reporting accessibility problems", "Enforcement procedure", "Preparation of this statement"]) {
      await expectVisible(page.getByRole("heading", { level: 2, name: heading }));
    }
    await expectNoAxeViolations(page);
  });

  test("a provider who opens the admin area is told they do not have permission", async () => {
    await signIn(page, "provider@demo.example");
    try {
      const response = await page.goto("/admin");
      expect(response?.status()).toBe(403);
      await expectVisible(page.getByRole("heading", { level: 1, name: /^You do not have permission/ }));
      expect(await page.locator("head title").count()).toBe(1);
      expect(await page.title()).toBe("You do not have permission – Early help portal");
      // It says where they can go instead.
      await expectVisible(page.getByRole("main").getByRole("link", { name: "Your organisation" }));
      await expectNoAxeViolations(page);
    } finally {
      await signOut(page);
    }
  });

  test("at 320 CSS pixels wide the home page needs no sideways scrolling and passes axe", async () => {
    await page.setViewportSize({ width: 320, height: 640 });
    try {
      await page.goto("/");
      await waitUntilInteractive(page);
      await expectVisible(mainHeading(page));
      await expectNoHorizontalScroll(page, 320);
      await expectNoAxeViolations(page);

      // Signed in, with the menu and the district funding table.
      await signIn(page, "officer@demo.example");
      await expectVisible(welcome(page, "Olivia Officer"));
      await expectNoHorizontalScroll(page, 320);
      await expectNoAxeViolations(page);
      await signOut(page);
      await expectNoHorizontalScroll(page, 320);
      await expectNoAxeViolations(page);
    } finally {
      await page.setViewportSize(DESKTOP);
    }
  });

  test("every page the tests visited was checked with axe", () => {
    expect(visitedUrls().length).toBeGreaterThan(0);
    expect(uncheckedUrls(), `visited: ${visitedUrls().join(", ")}`).toEqual([]);
    expect(consoleErrors()).toEqual([]);
  });
});
