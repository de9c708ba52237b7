// Single sign-on in Chromium, against a real OpenID provider (oidc-provider) started here: an
// officer chooses "Sign in with your council account", logs in at the provider and lands on
// their home page; signing out offers the provider's own sign-out. A portal server of this
// file's own is configured for the provider, so the other browser tests keep a sign-in page
// without it. axe checks every page of the portal and of the provider visited.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, test } from "vitest";
import type { TestDatabase } from "../helpers/test-database";
import { startTestIdp, type TestIdp } from "../helpers/oidc-provider";
import {
  browserAvailable,
  consoleErrors,
  DESKTOP,
  expectNoAxeViolations,
  expectNoHorizontalScroll,
  expectVisible,
  launchBrowser,
  mainHeading,
  uncheckedUrls,
  waitUntilInteractive,
  type Browser,
} from "./browser";
import { freePort, seededTestDatabase, startPortalServer, stopServer, type StartedServer } from "./server";

describe.skipIf(!browserAvailable())("single sign-on in Chromium", () => {
  let database: TestDatabase | null = null;
  let server: StartedServer | null = null;
  let idp: TestIdp | null = null;
  let browser: Browser | null = null;
  let page: Page;
  let portal = "";
  let outbox = "";

  beforeAll(async () => {
    database = await seededTestDatabase();
    const port = await freePort();
    portal = `http://127.0.0.1:${port}`;
    idp = await startTestIdp({
      clientId: "portal", clientSecret: "e2e-client-secret", redirectUris: [`${portal}/auth/oidc/callback`], postLogoutRedirectUris: [`${portal}/sign-in`],
      accounts: { olivia: { email: "officer@demo.example", email_verified: true, name: "Olivia Officer" } },
    });
    outbox = fs.mkdtempSync(path.join(os.tmpdir(), "portal-sso-outbox-"));
    server = startPortalServer({
      ...inject("e2e").serverEnv, DATABASE_URL: database.url, APP_URL: portal, MAIL_OUTBOX_DIR: outbox,
      OIDC_ISSUER: idp.issuer, OIDC_CLIENT_ID: "portal", OIDC_CLIENT_SECRET: "e2e-client-secret", OIDC_ALLOWED_DOMAINS: "demo.example",
    }, port, "single sign-on portal server");
    await server.ready;
    browser = await launchBrowser();
    page = browser.page;
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    if (server) await stopServer(server.server);
    await idp?.close();
    await database?.drop();
    if (outbox) fs.rmSync(outbox, { recursive: true, force: true });
  });

  test("an officer signs in with their council account, lands on their home page, and signs out of both", async () => {
    await page.goto(`${portal}/sign-in`);
    await waitUntilInteractive(page);
    await expectNoAxeViolations(page);
    await page.setViewportSize({ width: 320, height: 800 });
    await expectNoHorizontalScroll(page, 320);
    await page.setViewportSize(DESKTOP);
    await page.getByRole("link", { name: "Sign in with your council account" }).click();

    // The provider's own page: which account to be.
    await page.waitForURL((url) => url.origin === idp!.issuer && url.pathname.startsWith("/interaction/"));
    await expectVisible(page.getByRole("heading", { name: "Test identity provider" }));
    await expectNoAxeViolations(page);
    await page.getByLabel("Login").fill("olivia");
    await page.getByRole("button", { name: "Sign in" }).click();

    await page.waitForURL((url) => url.origin === portal && url.pathname === "/");
    await waitUntilInteractive(page);
    await expectVisible(mainHeading(page).filter({ hasText: "Welcome, Olivia Officer" }));
    await expectNoAxeViolations(page);

    await page.getByRole("button", { name: "Sign out", exact: true }).click();
    await page.waitForURL((url) => url.origin === portal && url.pathname === "/sign-in");
    await waitUntilInteractive(page);
    await expectVisible(page.getByText("You have signed out of the portal."));
    await expectNoAxeViolations(page);
    await page.getByRole("link", { name: "sign out of your council account too" }).click();
    await page.waitForURL((url) => url.origin === idp!.issuer && url.pathname.startsWith("/session/end"));
    await expectNoAxeViolations(page);
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL((url) => url.origin === portal && url.pathname === "/sign-in");
    await waitUntilInteractive(page);
    await expectNoAxeViolations(page);
    expect(consoleErrors()).toEqual([]);
    expect(uncheckedUrls()).toEqual([]);
  }, 120_000);
});
