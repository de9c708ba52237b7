// Shared helpers for the browser tests: start Debian's Chromium with a fresh profile, check
// a page with axe, sign in the way a person does. Tests find things by label and role only.
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { chromium, type BrowserContext, type Locator, type Page } from "playwright-core";
import { expect, inject } from "vitest";
import { DEMO_ADMIN_TOTP_SECRET, DEMO_PASSWORD } from "../../demo/constants";
import { msToNextStep, totpCode } from "../helpers/totp";

const require = createRequire(import.meta.url);
const AXE_PATH = require.resolve("axe-core/axe.min.js");

export const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

/** Whether the browser tests can run here: false when global setup found no Chromium. */
export const browserAvailable = (): boolean => !!inject("e2e").chromiumPath;

export const DESKTOP = { width: 1280, height: 900 };

/** A random address in the IPv6 documentation range (RFC 3849) for each browser. */
function nextClientAddress(): string {
  const [a, b] = [randomBytes(2).toString("hex"), randomBytes(2).toString("hex")];
  return `2001:db8::${a}:${b}`;
}

/** Profile folders of browsers not yet closed: removed even if the run is interrupted. */
const openProfiles = new Set<string>();
process.once("exit", () => {
  for (const profile of openProfiles) fs.rmSync(profile, { recursive: true, force: true });
});

/** Browsers started with JavaScript off. */
const noScriptContexts = new WeakSet<BrowserContext>();

export interface Browser {
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

/**
 * Starts Chromium headless with a new, empty profile folder (so no cookies carry over) and
 * opens one page. Relative addresses in page.goto are resolved against the server under test.
 */
export async function launchBrowser(options: { javaScriptEnabled?: boolean; viewport?: { width: number; height: number } } = {}): Promise<Browser> {
  const { chromiumPath, baseUrl } = inject("e2e");
  if (!chromiumPath) throw new Error("Chromium is not available: the browser tests should have been skipped.");
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), "portal-e2e-profile-"));
  openProfiles.add(profile);
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: chromiumPath,
      headless: true,
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
      javaScriptEnabled: options.javaScriptEnabled ?? true,
      baseURL: baseUrl,
      viewport: options.viewport ?? DESKTOP,
      locale: "en-GB",
      // Each browser is a different person on a different machine: the server (trusting its
      // loopback proxy) throttles sign-ins per address, at 20 in 15 minutes.
      extraHTTPHeaders: { "X-Forwarded-For": nextClientAddress() },
    });
  } catch (error) {
    fs.rmSync(profile, { recursive: true, force: true });
    openProfiles.delete(profile);
    throw error;
  }
  if (options.javaScriptEnabled === false) noScriptContexts.add(context);
  context.setDefaultTimeout(10_000);
  context.on("page", track);
  const page = context.pages()[0] ?? (await context.newPage());
  track(page);
  return {
    context,
    page,
    async close() {
      await context.close();
      fs.rmSync(profile, { recursive: true, force: true });
      openProfiles.delete(profile);
    },
  };
}

// ---------------------------------------------------------------------------------------
// Every address a page showed, and every address axe checked: the tests end by asserting
// that no page was visited without an accessibility check.

const visited = new Set<string>();
const checked = new Set<string>();
const tracked = new WeakSet<Page>();
const errors: string[] = [];

/** An address without the server's origin: "/sign-in?redirectTo=%2F". */
function pathOf(url: string): string | null {
  if (!/^https?:/.test(url)) return null;
  const u = new URL(url);
  return u.pathname + u.search;
}

function track(page: Page): void {
  if (tracked.has(page)) return;
  tracked.add(page);
  page.on("framenavigated", (frame) => {
    if (frame !== page.mainFrame()) return;
    const where = pathOf(frame.url());
    if (where) visited.add(where);
  });
  // Every error the browser logs counts (a CSP violation, a hydration mismatch, a script
  // error, a server error), except the browser's own note that the portal answered with one
  // of the statuses it uses on purpose: a form sent back with errors (400), a page the user
  // may not see (403, 404), a stale save (409).
  page.on("console", (message) => {
    if (message.type() !== "error") return;
    if (/^Failed to load resource: the server responded with a status of (400|403|404|409|410|429) /.test(message.text())) return;
    errors.push(`${pathOf(page.url()) ?? page.url()}: ${message.text()} (${message.location().url})`);
  });
  page.on("pageerror", (error) => errors.push(`${pathOf(page.url()) ?? page.url()}: ${error.message}`));
}

/** What the browsers logged as errors on the pages the tests visited. */
export function consoleErrors(): string[] {
  return [...errors];
}

export function visitedUrls(): string[] {
  return [...visited].sort();
}

/** Addresses a page showed that no axe check ran on. */
export function uncheckedUrls(): string[] {
  return visitedUrls().filter((url) => !checked.has(url));
}

// ---------------------------------------------------------------------------------------

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  helpUrl: string;
  nodes: { target: string; summary: string }[];
}

const AXE_OPTIONS = { runOnly: { type: "tag" as const, values: AXE_TAGS }, resultTypes: ["violations" as const] };

type AxeRun = (context: Document, options: typeof AXE_OPTIONS) => Promise<{ violations: import("axe-core").Result[] }>;
type AxeWindow = Window & { axe?: { run: AxeRun }; __e2eAxe?: { timers: (() => void)[]; result?: AxeViolation[]; error?: string } };

/**
 * Runs axe-core on the page against WCAG 2.2 A and AA and fails with a readable list of
 * what it found. axe is loaded from node_modules, never from the network.
 */
export async function expectNoAxeViolations(page: Page): Promise<void> {
  const where = pathOf(page.url()) ?? page.url();
  const violations = noScriptContexts.has(page.context()) ? await runAxeWithoutPageScripts(page) : await runAxe(page);
  checked.add(where);
  if (violations.length) throw new Error(formatViolations(where, violations));
}

async function runAxe(page: Page): Promise<AxeViolation[]> {
  // Evaluated rather than added as a script tag: the page's Content-Security-Policy rightly
  // refuses inline scripts it did not issue a nonce for.
  if (!(await page.evaluate(() => "axe" in window))) await page.evaluate(fs.readFileSync(AXE_PATH, "utf8"));
  return page.evaluate(async (options) => {
    const results = await (window as AxeWindow).axe!.run(document, options);
    return results.violations.map((v) => ({
      id: v.id,
      impact: v.impact ?? null,
      help: v.help,
      helpUrl: v.helpUrl,
      nodes: v.nodes.map((n) => ({ target: n.target.map(String).join(" "), summary: n.failureSummary ?? "" })),
    }));
  }, AXE_OPTIONS);
}

/**
 * With JavaScript off the page runs no script tags and no timers, but Playwright can still
 * evaluate code in it. So axe is evaluated from its source, its setTimeout calls are queued,
 * and the queue is run from here until axe has finished.
 */
async function runAxeWithoutPageScripts(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(() => {
    const w = window as AxeWindow;
    w.__e2eAxe = { timers: [] };
    w.setTimeout = ((fn: (...a: unknown[]) => void, _ms?: number, ...args: unknown[]) => {
      w.__e2eAxe!.timers.push(() => fn(...args));
      return 0;
    }) as typeof setTimeout;
  });
  if (!(await page.evaluate(() => "axe" in window))) await page.evaluate(fs.readFileSync(AXE_PATH, "utf8"));
  await page.evaluate((options) => {
    const w = window as AxeWindow;
    w.axe!.run(document, options).then(
      (results) => {
        w.__e2eAxe!.result = results.violations.map((v) => ({
          id: v.id,
          impact: v.impact ?? null,
          help: v.help,
          helpUrl: v.helpUrl,
          nodes: v.nodes.map((n) => ({ target: n.target.map(String).join(" "), summary: n.failureSummary ?? "" })),
        }));
      },
      (error: unknown) => {
        w.__e2eAxe!.error = String(error);
      },
    );
  }, AXE_OPTIONS);
  for (let round = 0; round < 10_000; round++) {
    const state = await page.evaluate(() => {
      const run = (window as AxeWindow).__e2eAxe!;
      for (const timer of run.timers.splice(0)) timer();
      return { result: run.result, error: run.error };
    });
    if (state.error) throw new Error(`axe failed: ${state.error}`);
    if (state.result) return state.result;
  }
  throw new Error("axe did not finish on a page without JavaScript");
}

function formatViolations(where: string, violations: AxeViolation[]): string {
  const lines = [`axe found ${violations.length} accessibility violation(s) on ${where}:`];
  for (const v of violations) {
    lines.push(`- ${v.id} (${v.impact ?? "no impact given"}): ${v.help}  ${v.helpUrl}`);
    for (const node of v.nodes) {
      lines.push(`    at ${node.target}`);
      for (const line of node.summary.split("\n").filter(Boolean)) lines.push(`      ${line}`);
    }
  }
  return lines.join("\n");
}

// ---------------------------------------------------------------------------------------

/** Waits until the thing is on screen; fails with Playwright's message naming what it looked for. */
export async function expectVisible(locator: Locator, timeout?: number): Promise<void> {
  await locator.first().waitFor({ state: "visible", timeout });
}

/**
 * With JavaScript on, waits until React has hydrated the page and GOV.UK Frontend has
 * started (it marks the skip link it set up), so clicks go through the app, not a plain
 * form post. With JavaScript off there is nothing to wait for.
 */
export async function waitUntilInteractive(page: Page): Promise<void> {
  if (noScriptContexts.has(page.context())) return;
  await page.waitForFunction(() => document.querySelector("[data-govuk-skip-link-init]") !== null);
}

/** The page's main heading, by role. */
export function mainHeading(page: Page): Locator {
  return page.getByRole("heading", { level: 1 });
}

/** A link of the site's menu, by its words. */
export function menuLink(page: Page, name: string): Locator {
  return page.getByRole("navigation", { name: "Menu" }).getByRole("link", { name, exact: true });
}

/** Clicks, waits for the address, for the page to be interactive and for its main heading, then checks it with axe. */
export async function goAndCheck(page: Page, click: () => Promise<void>, path: RegExp, heading: string | RegExp): Promise<void> {
  await click();
  await page.waitForURL((url) => path.test(url.pathname));
  await waitUntilInteractive(page);
  await expectVisible(mainHeading(page).filter({ hasText: heading }));
  await expectNoAxeViolations(page);
}

/**
 * Signs in from the sign-in page as a person would: types the e-mail address and password
 * into the labelled fields and presses "Sign in". Waits until the browser has left the
 * sign-in page, unless the sign-in is expected to fail.
 */
export async function signIn(page: Page, email: string, options: { password?: string; expectFailure?: boolean; totpSecret?: string } = {}): Promise<void> {
  await page.goto("/sign-in");
  await waitUntilInteractive(page);
  await page.getByLabel("E-mail address", { exact: true }).fill(email);
  await page.getByLabel("Password", { exact: true }).fill(options.password ?? DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  if (options.expectFailure) {
    await expectVisible(page.getByRole("heading", { name: "There is a problem" }));
  } else {
    // Either the browser leaves the sign-in page, or the form says why it did not.
    const problem = page.getByRole("alert").filter({ has: page.getByRole("heading", { name: "There is a problem" }) });
    // (The loser keeps waiting until its timeout; its rejection is caught, not left unhandled.)
    const outcome = await Promise.race([
      page.waitForURL((url) => url.pathname !== "/sign-in").then(() => "signed in" as const, () => "timed out" as const),
      problem.waitFor({ state: "visible" }).then(() => "refused" as const, () => "timed out" as const),
    ]);
    if (outcome === "timed out") throw new Error(`Signing in as ${email}: still on the sign-in page, with no error shown`);
    if (outcome === "refused") throw new Error(`Signing in as ${email} failed: ${(await problem.innerText()).replace(/\s+/g, " ")}`);
    await waitUntilInteractive(page);
    const secret = options.totpSecret ?? (email === "admin@demo.example" ? DEMO_ADMIN_TOTP_SECRET : undefined);
    if (new URL(page.url()).pathname === "/sign-in/two-step" && secret) {
      await expectNoAxeViolations(page);
      await enterCode(page, secret);
    }
  }
}

/**
 * Types the authenticator app's current code at the sign-in's second step. A code works
 * once, so when another sign-in (another test) has just used this one, waits for the next.
 */
export async function enterCode(page: Page, secret: string): Promise<void> {
  for (let attempt = 0; attempt < 3; attempt++) {
    await page.getByLabel("Code", { exact: true }).fill(totpCode(secret));
    // The answer to this press, not a message left on the page by the one before.
    const answered = page.waitForResponse((r) => r.request().method() === "POST" && new URL(r.url()).pathname === "/sign-in/two-step");
    await page.getByRole("button", { name: "Continue", exact: true }).click();
    const answer = await answered;
    if (answer.status() < 400) {
      await page.waitForURL((url) => !url.pathname.startsWith("/sign-in"));
      return waitUntilInteractive(page);
    }
    const body = await answer.text();
    if (!body.includes("already been used")) throw new Error(`Entering a two-step code was refused (${answer.status()})`);
    // The next code, pressed as a person would: after the button's one-second guard against
    // double submits too (govuk-frontend's), else the press is ignored and no answer comes.
    await new Promise((resolve) => setTimeout(resolve, Math.max(msToNextStep() + 200, 1_200)));
  }
  throw new Error("Entering a two-step code: every code was refused as used");
}

/** Presses "Sign out" in the header and waits for the sign-in page. */
export async function signOut(page: Page): Promise<void> {
  await page.getByRole("button", { name: "Sign out", exact: true }).click();
  await page.waitForURL((url) => url.pathname === "/sign-in");
  await expectVisible(page.getByRole("heading", { level: 1, name: "Sign in" }));
  await waitUntilInteractive(page);
}

/** The page's width in CSS pixels against the width of its content: no sideways scrolling. */
export async function expectNoHorizontalScroll(page: Page, width: number): Promise<void> {
  const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(scrollWidth, `content is ${scrollWidth}px wide in a ${width}px viewport`).toBeLessThanOrEqual(width);
}

/** The link in the newest e-mail to this address (the outbox holds each message as a file). */
export function linkMailedTo(address: string, pattern: RegExp): string {
  const outbox = inject("e2e").serverEnv.MAIL_OUTBOX_DIR;
  const messages = fs.readdirSync(outbox).map((f) => path.join(outbox, f)).sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs)
    .map((f) => fs.readFileSync(f, "utf8").replace(/=\r?\n/g, "").replace(/=3D/g, "="));
  const message = messages.find((m) => m.includes(address));
  const link = message ? pattern.exec(message)?.[0] : undefined;
  if (!link) throw new Error(`No e-mail to ${address} with a link like ${pattern}`);
  return link;
}
