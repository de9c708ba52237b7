// Fuzzing every form the portal shows: each demo person's pages are crawled on a server of
// this file's own (so nothing it does disturbs the other browser tests), every POST form
// found is read by Chromium's parser, and fast-check fills its fields with hostile values —
// control characters, huge and odd numbers, impossible dates, long and right-to-left text —
// keeping the rest of the form as the page gave it; then each field alone gets each class of
// input that has broken servers before. No answer may be a server error, on whichever engine
// this run uses. Bounded: a fixed number of submissions per form and field, seeded.
import fc from "fast-check";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it, inject } from "vitest";
import type { TestDatabase } from "../helpers/test-database";
import { httpClient, type Visitor } from "./http-client";
import { freePort, seededTestDatabase, startPortalServer, stopServer, type StartedServer } from "./server";

const { chromiumPath, serverEnv } = inject("e2e");

// Providers and the panel first: the officers' fuzzing may close or cancel the tenders they bid on and score.
const PEOPLE = ["provider@demo.example", "panel@demo.example", "chorley.officer@demo.example", "officer@demo.example", "admin@demo.example"];
const PAGES_PER_PERSON = 80;
// Where a person's crawl starts: the home page and the sections' front pages.
const STARTS = ["/", "/admin", "/tenders", "/projects", "/returns", "/profiles", "/panel", "/organisations"];
const RUNS_PER_FORM = 8;
// Forms that end the fuzzer's own session or account (signing out, passwords, sessions,
// users' roles and deactivation) have their own tests; fuzzing them would sign it out.
const LEFT_ALONE = [/^\/sign-out/, /^\/account/, /^\/admin\/users/];
// Pages not worth crawling: files, and the pages the forms above live on.
const NOT_CRAWLED = [/\.(pdf|csv|xlsx|json|ics)(\?|$)/, /^\/sign-out/, /^\/build\//, /\/download/, /\/files?\//];

const NASTY = [
  "", " ", "0", "-1", "1e27", "-1e27", "9223372036854775808", "99999999999999999999", "12,5", "12.345", ".5", "1,000,000.00",
  "NaN", "Infinity", "0x10", "£5", "2026-02-30", "0000-00-00", "9999-12-31", "1899-12-31", "2026-13-01", "31/12/2026",
  "\u0000", "a\u0000b", "\u0007", "tab\there", "line\nbreak", "\r\n", "\u202eevil", "\ud800", "🙂", "<script>alert(1)</script>",
  "'; drop table users; --", "../../etc/passwd", "%00", "x".repeat(5_000), "unknown-id", "draft", "submit", "save",
];

// Every field of every form also gets each of these alone, the rest of the form as given:
// the classes of input that have given server errors before.
const EACH_FIELD = ["a\u0000b", "1e27", "99999999999999999999", "9999-12-31", "x".repeat(5_000)];

interface Field {
  name: string;
  type: string;
  value: string;
  checked: boolean;
  options: string[];
}

interface FoundForm {
  action: string;
  multipart: boolean;
  fields: Field[];
}

let database: TestDatabase | null = null;
let server: StartedServer | null = null;
let browser: Browser | null = null;
let parser: Page | null = null;
let baseUrl = "";
let outbox = "";

beforeAll(async () => {
  if (!chromiumPath) return;
  database = await seededTestDatabase();
  outbox = fs.mkdtempSync(path.join(os.tmpdir(), "portal-fuzz-outbox-"));
  const port = await freePort();
  baseUrl = `http://127.0.0.1:${port}`;
  server = startPortalServer({ ...serverEnv, DATABASE_URL: database.url, APP_URL: baseUrl, MAIL_OUTBOX_DIR: outbox }, port, "fuzzed portal server");
  await server.ready;
  browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: ["--no-sandbox", "--disable-gpu"] });
  // Only a parser: JavaScript off, pages set as content, never navigated.
  parser = await (await browser.newContext({ javaScriptEnabled: false })).newPage();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  if (server) await stopServer(server.server);
  await database?.drop();
  if (outbox) fs.rmSync(outbox, { recursive: true, force: true });
});

/** The links and POST forms in a page, as a browser's parser sees them. */
async function read(html: string): Promise<{ links: string[]; forms: FoundForm[] }> {
  await parser!.setContent(html, { waitUntil: "domcontentloaded" });
  return parser!.evaluate(() => {
    const links = [...document.querySelectorAll("a[href]")].map((a) => a.getAttribute("href") ?? "");
    const forms = [...document.querySelectorAll("form")]
      .filter((f) => (f.getAttribute("method") ?? "get").toLowerCase() === "post")
      .map((f) => ({
        action: f.getAttribute("action") ?? "",
        multipart: f.getAttribute("enctype") === "multipart/form-data",
        fields: [...f.querySelectorAll("input[name], textarea[name], select[name], button[name]")].map((el) => {
          const e = el as HTMLInputElement & HTMLSelectElement;
          const tag = el.tagName.toLowerCase();
          return {
            name: e.getAttribute("name") ?? "",
            type: tag === "input" ? (e.getAttribute("type") ?? "text").toLowerCase() : tag,
            value: tag === "textarea" ? (el.textContent ?? "") : tag === "select" ? (e.querySelector("option[selected]")?.getAttribute("value") ?? e.querySelector("option")?.getAttribute("value") ?? "") : (e.getAttribute("value") ?? ""),
            checked: e.hasAttribute("checked"),
            options: tag === "select" ? [...e.querySelectorAll("option")].map((o) => o.getAttribute("value") ?? o.textContent ?? "") : [],
          };
        }),
      }));
    return { links, forms };
  });
}

const COLLECTIONS = new Set(["projects", "returns", "bids", "tenders", "context", "organisations", "profiles", "panel", "visits", "indicators", "actions", "districts", "themes", "funding", "unit-costs", "context-indicators", "users", "awards", "variations"]);
const NOT_IDS = new Set(["new", "import", "pack", "edit"]);

/** "/bids/bid-123/panel?x=1" → "/bids/:id/panel": one page and form of each kind is enough. */
const patternOf = (address: string) => {
  const parts = new URL(address, "http://x").pathname.split("/");
  return parts.map((s, i) => (i > 0 && COLLECTIONS.has(parts[i - 1]) && !NOT_IDS.has(s) ? ":id" : s)).join("/");
};

/** A hostile (or, often, the page's own) value for one field. */
function valueFor(field: Field): fc.Arbitrary<string | null> {
  if (field.name === "_csrf") return fc.constant(field.value); // forgery is refused before any parsing
  const choices: fc.WeightedArbitrary<string | null>[] = [
    { weight: 5, arbitrary: fc.constant(field.value) },
    { weight: 3, arbitrary: fc.constantFrom(...NASTY) },
    { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 30 }) },
    { weight: 1, arbitrary: fc.oneof(fc.integer(), fc.double(), fc.bigInt()).map(String) },
    { weight: 1, arbitrary: fc.date({ noInvalidDate: false }).map((d) => (Number.isNaN(d.getTime()) ? "Invalid" : d.toISOString().slice(0, 10))) },
    { weight: 1, arbitrary: fc.constant(null) }, // left out altogether
  ];
  if (field.options.length > 0) choices.push({ weight: 3, arbitrary: fc.constantFrom(...field.options) });
  return fc.oneof(...choices);
}

type Filled = [string, string][];

function formArbitrary(form: FoundForm): fc.Arbitrary<Filled> {
  // Buttons name the intent: one of them is pressed, or a made-up one.
  const buttons = form.fields.filter((f) => f.type === "submit" || f.type === "button");
  const inputs = form.fields.filter((f) => !buttons.includes(f) && f.type !== "file");
  const pressed = buttons.length > 0 ? fc.oneof(fc.constantFrom(...buttons.map((b) => [b.name, b.value] as [string, string])), fc.constant(["intent", "no-such-intent"] as [string, string])) : fc.constant(null);
  const hostile = inputs.map((f) => (f.type === "checkbox" || f.type === "radio" ? fc.option(fc.constant(f.value), { nil: null }) : valueFor(f)));
  // Mostly the page's own form with one to three fields made hostile, so a submission gets
  // past the first refusal to the deeper checks and the database; sometimes every field.
  const changes = inputs.length === 0
    ? fc.constant(new Map<number, string | null>())
    : fc.oneof(
      { weight: 3, arbitrary: fc.uniqueArray(fc.nat(inputs.length - 1), { minLength: 1, maxLength: 3 }).chain((which) => fc.tuple(...which.map((i) => hostile[i])).map((values) => new Map(which.map((i, n) => [i, values[n]])))) },
      { weight: 1, arbitrary: fc.tuple(...hostile).map((values) => new Map(values.map((v, i) => [i, v]))) },
    );
  return fc.tuple(changes, pressed).map(([changed, button]) => {
    const filled: Filled = [];
    inputs.forEach((f, i) => {
      const value = changed.has(i) ? changed.get(i)! : (f.type === "checkbox" || f.type === "radio") && !f.checked ? null : f.value;
      if (value !== null) filled.push([f.name, value]);
    });
    if (button) filled.push(button);
    return filled;
  });
}

/** Fields this run left as the page gave them take the page's values as they are now. */
function refill(filled: Filled, original: FoundForm, fresh: FoundForm): Filled {
  const before = new Map(original.fields.map((f) => [f.name, f.value]));
  const now = new Map(fresh.fields.map((f) => [f.name, f.value]));
  return filled.map(([name, value]) => [name, value === before.get(name) && now.has(name) ? now.get(name)! : value]);
}

async function post(visitor: Visitor, form: FoundForm, filled: Filled, from: string): Promise<Response> {
  const url = new URL(form.action || from, `${baseUrl}${from}`);
  let body: URLSearchParams | FormData;
  if (form.multipart) {
    body = new FormData();
    for (const [k, v] of filled) body.append(k, v);
    for (const f of form.fields.filter((x) => x.type === "file")) body.append(f.name, new Blob(["%PDF-1.4 not really"], { type: "application/pdf" }), "fuzz\u202e.pdf");
  } else {
    body = new URLSearchParams(filled);
  }
  return fetch(url, {
    method: "POST",
    body,
    headers: { Cookie: visitor.cookie, Origin: new URL(baseUrl).origin, "X-Forwarded-For": "2001:db8::f022:1" },
    redirect: "manual",
  });
}

describe.skipIf(!chromiumPath)("every form, fuzzed", () => {
  it("answers every hostile submission without a server error", async () => {
    const client = httpClient(baseUrl, "2001:db8::f022:1");
    const failures: string[] = [];
    const fuzzed = new Set<string>();
    for (const person of PEOPLE) {
      let visitor = await client.signedIn(person);
      const queue = [...STARTS];
      const seen = new Set<string>(queue);
      const patterns = new Map<string, number>();
      for (let pages = 0; queue.length > 0 && pages < PAGES_PER_PERSON; pages++) {
        const address = queue.shift()!;
        const { response, html } = await client.page(visitor, address);
        if (response.status >= 500) failures.push(`${person} GET ${address}: ${response.status}`);
        if (!response.headers.get("Content-Type")?.startsWith("text/html")) continue;
        const { links, forms } = await read(html);
        for (const link of links) {
          if (!link.startsWith("/") || link.startsWith("//") || seen.has(link) || NOT_CRAWLED.some((r) => r.test(link))) continue;
          const count = patterns.get(patternOf(link)) ?? 0;
          if (count >= 2) continue;
          patterns.set(patternOf(link), count + 1);
          seen.add(link);
          queue.push(link);
        }
        const keyOf = (form: FoundForm) => {
          const target = new URL(form.action || address, `${baseUrl}${address}`).pathname;
          return `${patternOf(target)} ${form.fields.map((f) => `${f.name}=${f.type === "submit" || f.type === "button" || f.name === "intent" ? f.value : ""}`).sort().join("&")}`;
        };
        for (const form of forms) {
          const target = new URL(form.action || address, `${baseUrl}${address}`).pathname;
          const key = keyOf(form);
          if (LEFT_ALONE.some((r) => r.test(target)) || fuzzed.has(`${person} ${key}`)) continue;
          fuzzed.add(`${person} ${key}`);
          await fc.assert(
            fc.asyncProperty(formArbitrary(form), async (filled) => {
              // The page as it is now (a save before this one moved its version on), with this run's changes.
              const fresh = (await read((await client.page(visitor, address)).html)).forms.find((f) => keyOf(f) === key);
              if (fresh) filled = refill(filled, form, fresh);
              const answer = await post(visitor, form, filled, address);
              await answer.body?.cancel();
              if (answer.status >= 500) failures.push(`${person} POST ${target} ${JSON.stringify(Object.fromEntries(filled))}: ${answer.status}`);
              return answer.status < 500;
            }),
            { numRuns: RUNS_PER_FORM, seed: 20261207, endOnFailure: true },
          ).catch(() => undefined); // every failure is collected above and reported together below
          for (const field of form.fields.filter((f) => f.name !== "_csrf" && f.type !== "file" && f.type !== "submit" && f.type !== "button")) {
            for (const value of EACH_FIELD) {
              const filled: Filled = form.fields
                .filter((f) => f.type !== "file" && f.type !== "submit" && f.type !== "button" && (!(f.type === "checkbox" || f.type === "radio") || f.checked))
                .map((f) => [f.name, f === field ? value : f.value]);
              const answer = await post(visitor, form, filled, address);
              await answer.body?.cancel();
              if (answer.status >= 500) failures.push(`${person} POST ${target} ${field.name}=${JSON.stringify(value.slice(0, 30))}: ${answer.status}`);
            }
          }
          // A fuzzed form may have ended this person's session (a stale token, say): sign in again.
          if ((await client.page(visitor, "/account")).response.status !== 200) visitor = await client.signedIn(person);
        }
      }
    }
    expect(failures).toEqual([]);
    // The crawl reached the forms a person uses: a broken crawl must not pass by finding none.
    expect(fuzzed.size).toBeGreaterThan(40);
  }, 600_000);
});
