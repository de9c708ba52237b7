// Two-step verification in Chromium: the demo administrator (who has it) invites a new
// administrator; the invitation's password leads straight to setting it up, by the key shown
// as text beside the QR code (as a screen-reader user would), with a code from an
// independent TOTP generator; the recovery codes are shown once; then an ordinary sign-in
// asks for a code. axe checks every page; the set-up page is also read at 320 px.
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  browserAvailable,
  consoleErrors,
  enterCode,
  expectNoAxeViolations,
  expectNoHorizontalScroll,
  expectVisible,
  goAndCheck,
  launchBrowser,
  linkMailedTo,
  mainHeading,
  menuLink,
  signIn,
  signOut,
  uncheckedUrls,
  waitUntilInteractive,
  type Browser,
} from "./browser";
import { totpCode } from "../helpers/totp";

const NEW_ADMIN = { name: "Tess Twostep", email: "tess.twostep@demo.example", password: "a long enough passphrase" };

describe.skipIf(!browserAvailable())("two-step verification in Chromium", () => {
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    browser = await launchBrowser();
    page = browser.page;
  });

  afterAll(async () => {
    await browser?.close();
  });

  test("a new administrator sets up two-step verification, then signs in with a code", async () => {
    // The demo administrator signs in with password and code (the helper types the app's code).
    await signIn(page, "admin@demo.example");
    await expectNoAxeViolations(page);
    await goAndCheck(page, () => menuLink(page, "Admin").click(), /^\/admin$/, "Admin");
    await goAndCheck(page, () => page.getByRole("link", { name: "Users", exact: true }).first().click(), /^\/admin\/users$/, "Users");
    await goAndCheck(page, () => page.getByRole("button", { name: "Invite a user" }).click(), /^\/admin\/users\/new$/, "Invite a user");
    await page.getByLabel("Full name").fill(NEW_ADMIN.name);
    await page.getByLabel("E-mail address").fill(NEW_ADMIN.email);
    await page.getByRole("group", { name: "Roles" }).getByLabel("Administrator", { exact: true }).check();
    await page.getByRole("button", { name: "Send invitation" }).click();
    await page.waitForURL((url) => /^\/admin\/users\/[^/]+$/.test(url.pathname) && url.pathname !== "/admin/users/new");
    await waitUntilInteractive(page);
    await expectNoAxeViolations(page);
    await signOut(page);
    await expectNoAxeViolations(page);

    // The invitation: a password, and then straight to setting up two-step verification.
    await page.goto(linkMailedTo(NEW_ADMIN.email, /\/accept-invitation\/[A-Za-z0-9_-]+/));
    await waitUntilInteractive(page);
    await expectNoAxeViolations(page);
    await page.getByLabel("Create a password").fill(NEW_ADMIN.password);
    await page.getByLabel("Confirm your password").fill(NEW_ADMIN.password);
    await page.getByRole("button", { name: "Set password and sign in" }).click();
    await page.waitForURL((url) => url.pathname === "/sign-in/set-up-two-step");
    await waitUntilInteractive(page);
    await expectVisible(mainHeading(page).filter({ hasText: "Set up two-step verification" }));
    const qr = page.getByRole("img", { name: /QR code to add the portal to your authenticator app/ });
    await expectVisible(qr);
    await expectNoAxeViolations(page);
    await page.setViewportSize({ width: 320, height: 800 });
    await expectNoHorizontalScroll(page, 320);
    await page.setViewportSize({ width: 1024, height: 800 });

    // The key as text, as someone who cannot scan the code would type it into their app.
    const key = (await page.locator("code").first().innerText()).replace(/\s/g, "");
    expect(key).toMatch(/^[A-Z2-7]{32}$/);
    // A wrong code first: the message is beside the field, and the same key stays.
    const wrong = String((Number(totpCode(key)) + 500_000) % 1_000_000).padStart(6, "0");
    await page.getByLabel("Code from your authenticator app").fill(wrong);
    await page.getByRole("button", { name: "Turn on two-step verification" }).click();
    await expectVisible(page.getByRole("alert").filter({ hasText: "That code is not right" }));
    expect((await page.locator("code").first().innerText()).replace(/\s/g, "")).toBe(key);
    await expectNoAxeViolations(page);
    // The button ignores a second press within a second of the first (govuk-frontend's guard
    // against double submits); a person reading the message and typing a code takes longer.
    await page.waitForTimeout(1_100);
    await page.getByLabel("Code from your authenticator app").fill(totpCode(key));
    await page.getByRole("button", { name: "Turn on two-step verification" }).click();
    await expectVisible(page.getByRole("heading", { name: "Two-step verification is on" }));
    const codes = await page.getByRole("list", { name: "Recovery codes" }).getByRole("listitem").allInnerTexts();
    expect(codes).toHaveLength(10);
    for (const code of codes) expect(code).toMatch(/^[2-9A-Z]{5}-[2-9A-Z]{5}$/);
    await expectNoAxeViolations(page);
    await page.getByRole("link", { name: "Continue to the portal" }).click();
    await page.waitForURL((url) => url.pathname === "/");
    await waitUntilInteractive(page);
    await expectVisible(page.getByRole("button", { name: "Sign out" }));
    await signOut(page);

    // An ordinary sign-in now asks for the code after the password.
    await page.getByLabel("E-mail address", { exact: true }).fill(NEW_ADMIN.email);
    await page.getByLabel("Password", { exact: true }).fill(NEW_ADMIN.password);
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await page.waitForURL((url) => url.pathname === "/sign-in/two-step");
    await waitUntilInteractive(page);
    await expectVisible(mainHeading(page).filter({ hasText: "Enter your code" }));
    await expectNoAxeViolations(page);
    await enterCode(page, key);
    expect(new URL(page.url()).pathname).toBe("/");
    await goAndCheck(page, () => menuLink(page, "Your account").click(), /^\/account$/, "Your account");
    await expectVisible(page.getByText("You sign in with your password and a code from your authenticator app. You have 10 unused recovery codes."));
    await expectNoAxeViolations(page);
    await signOut(page);
    expect(consoleErrors()).toEqual([]);
    expect(uncheckedUrls()).toEqual([]);
    // Long enough to wait for the app's next code: the one used to set up works only once.
  }, 120_000);
});
