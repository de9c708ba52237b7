// The store and lookup of pages kept as rendered (app/http/kept-pages.server.ts), in front of
// a small Express app that renders and keeps pages as the built app's entry.server.tsx does.
// The portal's own pages are checked end to end in tests/e2e/kept-pages.test.ts.
import http from "node:http";
import type { AddressInfo } from "node:net";
import zlib from "node:zlib";
import express from "express";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { keepPage, keepsPagesAt, minuteOf, serveKeptPages, type KeptPageKey } from "~/http/kept-pages.server";

let seq = 1;
let live = true;
let failLookup = false;
let clock = Date.UTC(2026, 11, 7, 10, 0, 5);
let answers = 0;
let renders = 0;

const app = express();
app.use((req, res, next) => {
  answers += 1;
  res.locals.cspNonce = `Nonce${String(answers).padStart(19, "0")}==${req.get("X-Test-Long-Nonce") ? "n".repeat(70_000) : ""}`;
  res.locals.requestId = req.get("X-Test-Request-Id") ?? `request${String(answers).padStart(5, "0")}`;
  next();
});
app.use(serveKeptPages({
  changeSeq: async () => {
    if (failLookup) throw new Error("the database is away");
    return seq;
  },
  sessionIsLive: async () => live,
  now: () => clock,
}));
app.get("*", (req, res) => {
  renders += 1;
  const { cspNonce: nonce, requestId } = res.locals as { cspNonce: string; requestId: string };
  // At /edges/, the values open and close the page and stand side by side: parts that are empty.
  const html = req.path.startsWith("/edges/")
    ? `${nonce}${requestId}<p>Render ${renders} of ${req.url}</p>${nonce}`
    : `<script nonce="${nonce}">window.data = {"requestId":"${requestId}"}</script><p>Render ${renders} of ${req.url}</p>`;
  if (!req.path.startsWith("/never/")) keepsPagesAt(req.url);
  const where = res.locals.keptPageKey as KeptPageKey | undefined;
  if (where) keepPage(where, { html, status: 200, headers: new Headers({ "Content-Type": "text/html; charset=utf-8", "X-Page": "yes" }), nonce, requestId }, clock);
  res.type("html").set("X-Page", "yes").send(html);
});

let base = "";
let server: ReturnType<typeof app.listen>;
beforeAll(async () => {
  server = app.listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));
beforeEach(() => {
  seq += 100;
  live = true;
  failLookup = false;
});

const SESSION = "__portal_session=abc; __portal_form=xyz";

async function get(path: string, options: { cookie?: string; requestId?: string; method?: string } = {}) {
  const response = await fetch(`${base}${path}`, {
    method: options.method ?? "GET",
    headers: { Cookie: options.cookie ?? SESSION, ...(options.requestId ? { "X-Test-Request-Id": options.requestId } : {}) },
  });
  const html = await response.text();
  return { status: response.status, html, header: response.headers.get("X-Page"), render: Number(/Render (\d+)/.exec(html)?.[1] ?? 0) };
}

/** The answer's bytes as sent, not decoded as fetch would. */
function rawGet(path: string, headers: Record<string, string>): Promise<{ headers: http.IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    http.get(`${base}${path}`, { headers: { Cookie: SESSION, ...headers } }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () => resolve({ headers: response.headers, body: Buffer.concat(chunks) }));
    }).on("error", reject);
  });
}

/** Renders the page at `path` until it is kept: the first render teaches the lookup the address. */
async function kept(path: string, cookie = SESSION) {
  await get(path, { cookie });
  return get(path, { cookie });
}

describe("pages kept as rendered", () => {
  it("serves a kept page again, with each answer's own nonce and request id written in", async () => {
    const first = await kept("/profiles/a");
    const again = await get("/profiles/a");
    expect(again.render).toBe(first.render);
    expect(again.status).toBe(200);
    expect(again.header).toBe("yes");
    expect(again.html).toBe(
      `<script nonce="Nonce${String(answers).padStart(19, "0")}==">window.data = {"requestId":"request${String(answers).padStart(5, "0")}"}</script><p>Render ${first.render} of /profiles/a</p>`,
    );
    expect(again.html).not.toContain(`Nonce${String(answers - 1).padStart(19, "0")}`);
  });

  it("renders again when the portal's state moves, the minute turns, or the cookies or address differ", async () => {
    const first = await kept("/profiles/b?quarter=Q2");
    expect((await get("/profiles/b?quarter=Q2")).render).toBe(first.render);
    seq += 1;
    const afterChange = await get("/profiles/b?quarter=Q2");
    expect(afterChange.render).toBeGreaterThan(first.render);
    clock += 60_000;
    const nextMinute = await get("/profiles/b?quarter=Q2");
    expect(nextMinute.render).toBeGreaterThan(afterChange.render);
    expect((await get("/profiles/b?quarter=Q2")).render).toBe(nextMinute.render);
    expect((await get("/profiles/b?quarter=Q2", { cookie: "__portal_session=other" })).render).toBeGreaterThan(nextMinute.render);
    expect((await get("/profiles/b?quarter=Q3")).render).toBeGreaterThan(nextMinute.render);
  });

  it("never serves a kept page to a session that is no longer live", async () => {
    const first = await kept("/profiles/c");
    live = false;
    expect((await get("/profiles/c")).render).toBeGreaterThan(first.render);
  });

  it("leaves alone data requests, HEAD, addresses that keep nothing and visitors without a session", async () => {
    const first = await kept("/profiles/d");
    expect((await get("/profiles/d?_data=routes%2Fprofiles")).render).toBeGreaterThan(first.render);
    expect((await get("/profiles/d", { method: "HEAD" })).status).toBe(200);
    const headRenders = renders;
    await get("/profiles/d", { method: "HEAD" });
    expect(renders).toBe(headRenders + 1);
    const never = await get("/never/e");
    expect((await get("/never/e")).render).toBe(never.render + 1);
    const visitor = await kept("/profiles/d", "__portal_visitor=v1");
    expect((await get("/profiles/d", { cookie: "__portal_visitor=v1" })).render).toBe(visitor.render + 1);
  });

  it("keeps no page whose request id is also a word of the page", async () => {
    const first = await kept("/profiles/longword1", undefined);
    expect((await get("/profiles/longword1")).render).toBe(first.render);
    // A proxy's id that is also in the page's text: writing the next id in would change the text.
    seq += 1;
    await get("/profiles/longword1", { requestId: "longword1" });
    const after = await get("/profiles/longword1", { requestId: "longword1" });
    expect(after.html).toContain("Render");
    expect(after.render).toBeGreaterThan(first.render + 1);
  });

  it("lets the request through to the portal when the lookup fails", async () => {
    await kept("/profiles/f");
    failLookup = true;
    const r = await get("/profiles/f");
    expect(r.status).toBe(200);
    expect(r.html).toContain("Render");
  });

  it("sends a kept page as one gzip member, with this answer's values, to a browser that takes gzip, and as it is to one that does not", async () => {
    await kept("/profiles/gz");
    const raw = (headers: Record<string, string>) => rawGet("/profiles/gz", headers);
    const expected = (answer: number, nonceTail = "") =>
      `<script nonce="Nonce${String(answer).padStart(19, "0")}==${nonceTail}">window.data = {"requestId":"request${String(answer).padStart(5, "0")}"}</script><p>Render ${renders} of /profiles/gz</p>`;

    const gzip = await raw({ "Accept-Encoding": "br, gzip" });
    expect(gzip.headers["content-encoding"]).toBe("gzip");
    expect(gzip.headers.vary).toMatch(/Accept-Encoding/);
    // gunzip checks the member's length and CRC as well as its blocks.
    expect(zlib.gunzipSync(gzip.body).toString()).toBe(expected(answers));

    const plain = await raw({ "Accept-Encoding": "br" });
    expect(plain.headers["content-encoding"]).toBeUndefined();
    expect(plain.body.toString()).toBe(expected(answers));

    // A value longer than one stored block (65,535 bytes) takes two.
    const long = await raw({ "Accept-Encoding": "gzip", "X-Test-Long-Nonce": "yes" });
    expect(zlib.gunzipSync(long.body).toString()).toBe(expected(answers, "n".repeat(70_000)));
  });

  it("compresses a kept page whose values open and close it and stand side by side", async () => {
    const first = await kept("/edges/a");
    const again = await rawGet("/edges/a", { "Accept-Encoding": "gzip" });
    expect(again.headers["content-encoding"]).toBe("gzip");
    const nonce = `Nonce${String(answers).padStart(19, "0")}==`;
    expect(zlib.gunzipSync(again.body).toString()).toBe(`${nonce}request${String(answers).padStart(5, "0")}<p>Render ${first.render} of /edges/a</p>${nonce}`);
  });

  it("keeps a page only in the minute it was asked for, and no page larger than a quarter of the store", () => {
    const headers = new Headers({ "Content-Type": "text/html" });
    const page = { html: "<p>x</p>", status: 200, headers, nonce: "N".repeat(24), requestId: "request00001" };
    const minute = minuteOf(clock);
    expect(keepPage({ key: "k1", minute: minute - 1 }, page, clock)).toBe(false);
    expect(keepPage({ key: "k2", minute }, page, clock)).toBe(true);
    expect(keepPage({ key: "k3", minute }, { ...page, html: "x".repeat(5 * 1024 * 1024) }, clock)).toBe(false);
    expect(keepPage({ key: "k4", minute }, { ...page, nonce: "short" }, clock)).toBe(false);
  });
});
