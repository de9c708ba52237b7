// Pages kept as rendered (app/http/kept-pages.server.ts), on a built server of this file's own
// so that no other test's change moves the portal's state between two reads. A page that was
// kept is told from one rendered afresh by the time in its data: a profile read back carries
// the time of the request that rendered it, to the millisecond.
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { TestDatabase } from "../helpers/test-database";
import { httpClient, inputsIn, tokenIn, type Visitor } from "./http-client";
import { freePort, seededTestDatabase, startPortalServer, stopServer, type StartedServer } from "./server";

const { chromiumPath } = inject("e2e");
const PROFILE = "/profiles/district-chorley";
const COUNTY = "/profiles";

let database: TestDatabase | null = null;
let server: StartedServer | null = null;
let outbox = "";
let portal: ReturnType<typeof httpClient>;

beforeAll(async () => {
  if (!chromiumPath) return;
  database = await seededTestDatabase();
  const port = await freePort();
  outbox = fs.mkdtempSync(path.join(os.tmpdir(), "portal-kept-pages-outbox-"));
  server = startPortalServer({ ...inject("e2e").serverEnv, DATABASE_URL: database.url, APP_URL: `http://127.0.0.1:${port}`, MAIL_OUTBOX_DIR: outbox }, port, "kept pages portal server");
  await server.ready;
  portal = httpClient(`http://127.0.0.1:${port}`, "2001:db8::7e0:5");
}, 120_000);

afterAll(async () => {
  if (server) await stopServer(server.server);
  await database?.drop();
  if (outbox) fs.rmSync(outbox, { recursive: true, force: true });
});

interface Read {
  status: number;
  html: string;
  nonce: string;
  headerNonce: string;
  requestId: string;
}

/** An answer's bytes as sent, not decoded as fetch would. */
function rawGet(url: string, headers: Record<string, string>): Promise<{ headers: http.IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    http.get(url, { headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () => resolve({ headers: response.headers, body: Buffer.concat(chunks) }));
    }).on("error", reject);
  });
}

async function read(visitor: Visitor, pathname: string): Promise<Read> {
  const { response, html } = await portal.page(visitor, pathname);
  return {
    status: response.status,
    html,
    nonce: /<script nonce="([^"]+)"/.exec(html)?.[1] ?? "",
    headerNonce: /'nonce-([^']+)'/.exec(response.headers.get("Content-Security-Policy") ?? "")?.[1] ?? "",
    requestId: response.headers.get("X-Request-Id") ?? "",
  };
}

/** The page with this answer's own nonce and request id taken out. */
const sameness = (r: Read) => r.html.split(r.nonce).join("NONCE").split(r.requestId).join("REQUEST");

/** When the profile in the page's data was read: a fresh render carries its own request's time. */
const readAt = (html: string) => /"generatedAt":"([^"]+)"/.exec(html)?.[1] ?? "";

/** Reads a page until it has no message waiting (a flash is shown once), so the cookies settle. */
async function settled(visitor: Visitor, pathname: string): Promise<Read> {
  let previous = visitor.cookie;
  for (;;) {
    const r = await read(visitor, pathname);
    if (visitor.cookie === previous) return r;
    previous = visitor.cookie;
  }
}

/** Waits, if need be, for a new minute: a test that reads a kept page has 45 s before it goes. */
async function earlyInAMinute(): Promise<void> {
  const left = 60_000 - (Date.now() % 60_000);
  if (left < 15_000) await new Promise((resolve) => setTimeout(resolve, left + 50));
}

/**
 * The page rendered and kept, then read again: the second is the kept one. (The first page a
 * server renders at an address tells it that the address keeps its pages; that one is read
 * and put aside.)
 */
async function readTwice(visitor: Visitor, pathname: string): Promise<[Read, Read]> {
  await earlyInAMinute();
  await settled(visitor, pathname);
  const first = await read(visitor, pathname);
  const second = await read(visitor, pathname);
  return [first, second];
}

describe.skipIf(!chromiumPath)("pages kept as rendered", () => {
  it("serves a session its profile again while nothing changes, with this answer's own nonce and request id", async () => {
    const olivia = await portal.signedIn("officer@demo.example");
    const [first, second] = await readTwice(olivia, PROFILE);
    expect(first.status).toBe(200);
    expect(second.status).toBe(200);
    expect(first.html).toContain("Olivia Officer");
    // The same page, read at the time the first was rendered: kept, not rendered again.
    expect(readAt(second.html)).toBe(readAt(first.html));
    expect(readAt(first.html)).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(sameness(second)).toBe(sameness(first));
    // Each answer has a nonce of its own, the one its Content-Security-Policy allows.
    expect(second.nonce).toHaveLength(24);
    expect(second.nonce).not.toBe(first.nonce);
    expect(second.headerNonce).toBe(second.nonce);
    expect(second.html).not.toContain(first.nonce);
    expect(second.requestId).not.toBe(first.requestId);
    expect(second.html).toContain(`"requestId":"${second.requestId}"`);
    // Still private to the session, and sent as it is kept, compressed: our own gzip member
    // (its header says "made on an unknown system", 0xff; Node's zlib writes 3, Unix).
    const again = await rawGet(`${portal.origin}${PROFILE}`, { Cookie: olivia.cookie, "Accept-Encoding": "br, gzip", ...portal.client });
    expect(again.headers["cache-control"]).toBe("no-store");
    expect(again.headers["content-encoding"]).toBe("gzip");
    expect(again.body[9]).toBe(0xff);
    expect(readAt(zlib.gunzipSync(again.body).toString())).toBe(readAt(first.html));
  });

  it("shows another person's change at once", async () => {
    const olivia = await portal.signedIn("officer@demo.example");
    const [before, kept] = await readTwice(olivia, PROFILE);
    expect(readAt(kept.html)).toBe(readAt(before.html));

    // Chris, Chorley's own officer, writes the district's commentary.
    const chris = await portal.signedIn("chorley.officer@demo.example");
    const form = await read(chris, `${PROFILE}/commentary`);
    const saved = await portal.post(chris, `${PROFILE}/commentary`, { ...inputsIn(form.html), commentary: "Referrals rose after the school holidays." });
    expect(saved.status).toBe(302);

    const after = await read(olivia, PROFILE);
    expect(after.html).toContain("Referrals rose after the school holidays.");
    expect(readAt(after.html)).not.toBe(readAt(before.html));
  });

  it("never gives one session's page to another, even the same person's", async () => {
    const olivia = await portal.signedIn("officer@demo.example");
    const [hers, kept] = await readTwice(olivia, COUNTY);
    expect(readAt(kept.html)).toBe(readAt(hers.html));

    const chris = await portal.signedIn("chorley.officer@demo.example");
    const his = await settled(chris, COUNTY);
    expect(his.html).toContain("Chris Chorley");
    expect(his.html).not.toContain("Olivia Officer");

    const oliviaElsewhere = await portal.signedIn("officer@demo.example");
    const other = await settled(oliviaElsewhere, COUNTY);
    expect(tokenIn(other.html)).not.toBe(tokenIn(hers.html));
  });

  it("ends with the session: signed out, the kept page's address asks for a sign-in", async () => {
    const olivia = await portal.signedIn("officer@demo.example");
    const [page, kept] = await readTwice(olivia, PROFILE);
    expect(readAt(kept.html)).toBe(readAt(page.html));
    const cookie = olivia.cookie;
    expect((await portal.post(olivia, "/sign-out", { _csrf: tokenIn(page.html) })).status).toBe(302);

    const response = await fetch(`${portal.origin}${PROFILE}`, { headers: { Cookie: cookie, ...portal.client }, redirect: "manual" });
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toMatch(/^\/sign-in/);
    expect(await response.text()).not.toContain("Olivia Officer");
  });

  it("answers the page's data requests from its loaders, never with a kept page", async () => {
    const olivia = await portal.signedIn("officer@demo.example");
    await readTwice(olivia, PROFILE);
    const data = await fetch(`${portal.origin}${PROFILE}?_data=${encodeURIComponent("routes/profiles.$districtId._index")}`, { headers: { Cookie: olivia.cookie, ...portal.client } });
    expect(data.status).toBe(200);
    expect(data.headers.get("Content-Type")).toMatch(/^application\/json/);
    expect((await data.json()).profile.district.name).toBe("Chorley");
  });
});
