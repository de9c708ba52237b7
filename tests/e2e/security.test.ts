// The running server as a council's security tester tries it, with plain HTTP requests:
// forged posts, headers, caching, and request bodies that are too large, of the wrong
// type or broken. (Sessions, redirects, links and enumeration: tests/routes/security.test.ts.)
import http from "node:http";
import { beforeAll, describe, expect, test } from "vitest";
import { inject } from "vitest";
import { DEMO_PASSWORD } from "../../demo/constants";
import { httpClient, tokenIn, type Visitor } from "./http-client";

const { baseUrl } = inject("e2e");
const available = !!inject("e2e").chromiumPath;
// Each request comes from its own address (the server trusts its loopback proxy), so this
// file's sign-ins do not count against the browser tests' throttle.
const { client, page, post, signedIn } = httpClient(baseUrl, "2001:db8::5ec:1");
const origin = () => new URL(baseUrl).origin;

/** A raw request, for what fetch will not send: a length that lies, no length at all. */
function raw(options: http.RequestOptions, body?: string | Buffer): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const url = new URL(baseUrl);
    const request = http.request({ host: url.hostname, port: url.port, ...options, headers: { ...client, ...options.headers } }, (response) => {
      let text = "";
      response.on("data", (chunk: Buffer) => (text += chunk.toString()));
      response.on("end", () => resolve({ status: response.statusCode ?? 0, body: text }));
    });
    request.on("error", (error: NodeJS.ErrnoException) => (error.code === "ECONNRESET" || error.code === "EPIPE" ? undefined : reject(error)));
    if (body !== undefined) request.write(body);
    request.end();
  });
}

describe.skipIf(!available)("forgery", () => {
  let officer: Visitor;
  let token: string;

  beforeAll(async () => {
    officer = await signedIn("officer@demo.example");
    token = tokenIn((await page(officer, "/account")).html);
    expect(token).not.toBe("");
  });

  test("a form from the portal, with its token and origin, is accepted", async () => {
    const response = await post(officer, "/account", { intent: "sign-out-elsewhere", _csrf: token });
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/account");
  });

  test("a post from another site is refused with the ordinary 403 page", async () => {
    const response = await post(officer, "/account", { intent: "sign-out-elsewhere", _csrf: token }, { Origin: "https://evil.example" });
    expect(response.status).toBe(403);
    const html = await response.text();
    expect(html).toContain("You do not have permission to see this page");
    expect(html).toContain("did not come from a page of this portal");
  });

  test("a post with neither Origin nor Referer is refused, even with a token", async () => {
    expect((await post(officer, "/account", { intent: "sign-out-elsewhere", _csrf: token }, {})).status).toBe(403);
  });

  test("a post with the right origin but no token, or another session's token, is refused", async () => {
    expect((await post(officer, "/account", { intent: "sign-out-elsewhere" })).status).toBe(403);
    const other = await signedIn("viewer@demo.example");
    const theirs = tokenIn((await page(other, "/account")).html);
    expect((await post(officer, "/account", { intent: "sign-out-elsewhere", _csrf: theirs })).status).toBe(403);
  });

  test("a signed-in person's form refuses the token of a signed-out visitor's form", async () => {
    const stranger = { cookie: "" };
    const visitorToken = tokenIn((await page(stranger, "/sign-in")).html);
    const both = { cookie: `${officer.cookie}; ${stranger.cookie}` };
    expect((await post(both, "/account", { intent: "sign-out-elsewhere", _csrf: visitorToken })).status).toBe(403);
  });

  test("a form sent after its session ended goes to the sign-in page, saying why, and back after", async () => {
    const someone = await signedIn("chorley.officer@demo.example");
    const form = tokenIn((await page(someone, "/account")).html);
    const staleTab = { cookie: someone.cookie };
    expect((await post(someone, "/sign-out", { _csrf: form })).status).toBe(302);

    const response = await post(staleTab, "/account", { intent: "sign-out-elsewhere", _csrf: form });
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/sign-in?redirectTo=%2Faccount");
    const signIn = await page(staleTab, "/sign-in?redirectTo=%2Faccount");
    expect(signIn.html).toContain("You were signed out before that form was sent");
  });

  test("a Referer from the portal stands in for a missing Origin", async () => {
    const response = await post(officer, "/account", { intent: "sign-out-elsewhere", _csrf: token }, { Referer: `${origin()}/account` });
    expect(response.status).toBe(302);
  });
});

describe.skipIf(!available)("headers", () => {
  test("every page has a CSP whose nonce is on the page's scripts, and no framing or powerful features", async () => {
    const { response, html } = await page({ cookie: "" }, "/sign-in");
    const csp = response.headers.get("Content-Security-Policy") ?? "";
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    expect(nonce).toBeDefined();
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    const scripts = [...html.matchAll(/<script([^>]*)>/g)].map((m) => m[1]);
    expect(scripts.length).toBeGreaterThan(0);
    for (const attributes of scripts) {
      if (/\ssrc=/.test(attributes)) continue;
      expect(attributes).toContain(`nonce="${nonce}"`);
    }
    // A fresh nonce for every response.
    const again = (await page({ cookie: "" }, "/sign-in")).response.headers.get("Content-Security-Policy");
    expect(again).not.toBe(csp);
    expect(response.headers.get("X-Frame-Options")).toBe("DENY");
    expect(response.headers.get("Permissions-Policy")).toContain("camera=()");
    expect(response.headers.get("X-Content-Type-Options")).toBe("nosniff");
    expect(response.headers.get("X-Request-Id")).toMatch(/^[A-Za-z0-9_-]{8,}$/);
    // Served over plain HTTP here, so no HSTS (it is sent when APP_URL is https://).
    expect(response.headers.get("Strict-Transport-Security")).toBeNull();
  });

  test("nothing signed-in is cacheable: pages, their data and files; fingerprinted build files are", async () => {
    const officer = await signedIn("chorley.officer@demo.example");
    const home = await page(officer, "/");
    expect(home.response.headers.get("Cache-Control")).toBe("no-store");
    const data = await fetch(`${baseUrl}/?_data=routes%2F_index`, { headers: { Cookie: officer.cookie, ...client } });
    expect(data.headers.get("Cache-Control")).toBe("no-store");
    const csv = await fetch(`${baseUrl}/projects.csv`, { headers: { Cookie: officer.cookie, ...client } });
    expect(csv.status).toBe(200);
    expect(csv.headers.get("Cache-Control")).toBe("no-store");
    const asset = /src="(\/build\/[^"]+\.js)"/.exec(home.html)?.[1] ?? /href="(\/build\/[^"]+)"/.exec(home.html)?.[1];
    expect(asset).toBeDefined();
    const built = await fetch(`${baseUrl}${asset}`);
    expect(built.headers.get("Cache-Control")).toMatch(/max-age=31536000.*immutable|immutable.*max-age=31536000/);
    const gone = await fetch(`${baseUrl}/build/_shared/chunk-GONE1234.js`);
    expect(gone.status).toBe(404);
    expect(gone.headers.get("Cache-Control")).toBe("no-store");
  });

  test("open data is public for five minutes, then checked by its ETag: 304 with no body, compressed or not", async () => {
    const get = (headers: Record<string, string>) =>
      new Promise<{ status: number; headers: http.IncomingHttpHeaders; bytes: number }>((resolve, reject) => {
        http.get(`${baseUrl}/data/360giving/grants.json`, { headers: { ...client, ...headers } }, (response) => {
          let bytes = 0;
          response.on("data", (chunk: Buffer) => (bytes += chunk.length));
          response.on("end", () => resolve({ status: response.statusCode ?? 0, headers: response.headers, bytes }));
        }).on("error", reject);
      });
    const first = await get({ "Accept-Encoding": "br, gzip" });
    expect(first.status).toBe(200);
    expect(first.headers["content-encoding"]).toBe("br");
    expect(first.headers["cache-control"]).toBe("public, max-age=300");
    expect(first.headers.vary).toMatch(/Accept-Encoding/i);
    const etag = first.headers.etag!;
    expect(etag).toMatch(/^W\/"/);

    const again = await get({ "Accept-Encoding": "br, gzip", "If-None-Match": etag });
    expect(again.status).toBe(304);
    expect(again.bytes).toBe(0);
    expect(again.headers.etag).toBe(etag);
    expect(again.headers["cache-control"]).toBe("public, max-age=300");
    expect(again.headers.vary).toMatch(/Accept-Encoding/i);
    // The same data uncompressed has the same (weak) ETag.
    const plain = await get({ "Accept-Encoding": "identity" });
    expect(plain.headers["content-encoding"]).toBeUndefined();
    expect(plain.headers.etag).toBe(etag);
    expect((await get({ "Accept-Encoding": "identity", "If-None-Match": etag })).status).toBe(304);

    // Signed in, nothing is stored, open data included.
    const officer = await signedIn("chorley.officer@demo.example");
    expect((await get({ Cookie: officer.cookie })).headers["cache-control"]).toBe("no-store");
  });
});

describe.skipIf(!available)("request bodies", () => {
  test("a body larger than any form is refused with 413 before it is read", async () => {
    const started = Date.now();
    const answer = await raw({
      method: "POST", path: "/sign-in",
      headers: { "Content-Type": "application/x-www-form-urlencoded", "Content-Length": String(200 * 1024 * 1024) },
    }, "email=a");
    expect(answer.status).toBe(413);
    expect(answer.body).toContain("The form is too large");
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  test("a body without a length is refused with 411", async () => {
    const answer = await raw({ method: "POST", path: "/sign-in", headers: { "Content-Type": "application/x-www-form-urlencoded", "Transfer-Encoding": "chunked" } }, "email=a");
    expect(answer.status).toBe(411);
  });

  test("JSON and other types are refused with 415; multipart without a boundary with 400", async () => {
    const json = await raw({ method: "POST", path: "/sign-in", headers: { "Content-Type": "application/json", "Content-Length": "2" } }, "{}");
    expect(json.status).toBe(415);
    const none = await raw({ method: "POST", path: "/sign-in", headers: { "Content-Length": "7" } }, "email=a");
    expect(none.status).toBe(415);
    const noBoundary = await raw({ method: "POST", path: "/sign-in", headers: { "Content-Type": "multipart/form-data", "Content-Length": "7" } }, "email=a");
    expect(noBoundary.status).toBe(400);
  });

  test("a cut-off multipart body and an awkward file name get 400 or the form again, never a 500", async () => {
    const visitor = { cookie: "" };
    const { html } = await page(visitor, "/sign-in");
    const boundary = "----portaltest";
    const truncated = `--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${tokenIn(html)}\r\n--${boundary}\r\nContent-Disposition: form-data; name="email"\r\n\r\nsomeone@`;
    const cut = await raw({
      method: "POST", path: "/sign-in",
      headers: { "Content-Type": `multipart/form-data; boundary=${boundary}`, "Content-Length": String(Buffer.byteLength(truncated)), Cookie: visitor.cookie, Origin: origin() },
    }, truncated);
    expect(cut.status).toBe(400);

    const awkward = [
      `--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${tokenIn(html)}\r\n`,
      `--${boundary}\r\nContent-Disposition: form-data; name="attachment"; filename="a; a=b.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4\r\n`,
      `--${boundary}--\r\n`,
    ].join("");
    const named = await raw({
      method: "POST", path: "/sign-in",
      headers: { "Content-Type": `multipart/form-data; boundary=${boundary}`, "Content-Length": String(Buffer.byteLength(awkward)), Cookie: visitor.cookie, Origin: origin() },
    }, awkward);
    expect(named.status).toBeLessThan(500);
  });
});
