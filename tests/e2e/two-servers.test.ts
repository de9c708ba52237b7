// Two app servers on one database, as a council runs them behind a load balancer: a second
// server is started here beside the browser tests' own, with the same database, secret and
// APP_URL. Sessions, saves and background jobs must not care which server a request reaches.
import { afterAll, beforeAll, describe, expect, it, inject } from "vitest";
import { httpClient, inputsIn, tokenIn, type Visitor } from "./http-client";
import { freePort, startPortalServer, stopServer, type StartedServer } from "./server";

const { baseUrl, serverEnv, chromiumPath } = inject("e2e");
// The browser tests' server is "A"; this file starts "B". Requests to both come from one
// address and carry the portal's one Origin, as through a load balancer.
const ADDRESS = "2001:db8::7e0:2";
let second: StartedServer | null = null;
const serverA = httpClient(baseUrl, ADDRESS);
let serverB = serverA;

beforeAll(async () => {
  if (!chromiumPath) return;
  const port = await freePort();
  second = startPortalServer(serverEnv, port, "second portal server");
  await second.ready;
  serverB = httpClient(`http://127.0.0.1:${port}`, ADDRESS, serverA.origin);
}, 60_000);

afterAll(async () => {
  if (second) await stopServer(second.server);
});

/** Reads a page again and again until `done` holds for it: waits on state, not a clock. */
async function until(visitor: Visitor, path: string, done: (html: string) => boolean): Promise<string> {
  for (;;) {
    const { html } = await serverA.page(visitor, path);
    if (done(html)) return html;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

describe.skipIf(!chromiumPath)("two servers on one database", () => {
  it("honour a session begun on either, and end it on both at sign-out", async () => {
    const pat = await serverA.signedIn("provider@demo.example");
    const account = await serverB.page(pat, "/account");
    expect(account.response.status).toBe(200);
    expect(account.html).toContain("provider@demo.example");
    // Its one log line names the request (as its error page would) and who made it.
    const requestId = account.response.headers.get("X-Request-Id");
    // (Written when the response has finished, so it may reach us just after the response.)
    let line: string | undefined;
    while (!(line = second!.output().split("\n").find((l) => l.includes(`"request":"${requestId}"`)))) await new Promise((r) => setTimeout(r, 50));
    expect(JSON.parse(line)).toMatchObject({ method: "GET", path: "/account", status: 200, user: "user-provider" });

    expect((await serverB.post(pat, "/sign-out", { _csrf: tokenIn(account.html) })).status).toBe(302);
    const afterwards = await serverA.page(pat, "/account");
    expect(afterwards.response.status).toBe(302);
    expect(afterwards.response.headers.get("Location")).toMatch(/^\/sign-in/);
  });

  it("keep one of 50 saves of the settings page sent to both at once", async () => {
    const admin = await serverA.signedIn("admin@demo.example");
    const form = inputsIn((await serverA.page(admin, "/admin/settings")).html);
    expect(form.basis).not.toBe("");
    const responses = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        (i % 2 === 0 ? serverA : serverB).post(admin, "/admin/settings", { ...form, support_email: `support+${i}@demo.example` })),
    );
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 302)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(49);
    const stale = await responses.find((r) => r.status === 409)!.text();
    expect(stale).toContain("Someone else changed this settings while you were editing it");

    const winner = statuses.indexOf(302);
    const stored = inputsIn((await serverB.page(admin, "/admin/settings")).html);
    expect(stored.support_email).toBe(`support+${winner}@demo.example`);
    // Put the address back for the other browser tests.
    expect((await serverB.post(admin, "/admin/settings", { ...stored, support_email: form.support_email })).status).toBe(302);
  });

  it("build a county pack asked for on one, downloadable from the other", async () => {
    const officer = await serverB.signedIn("officer@demo.example");
    const { html } = await serverB.page(officer, "/profiles/pack");
    const quarter = /<option[^>]*\bselected=""[^>]*>([^<]+)</.exec(html)?.[1] ?? "";
    expect(quarter).toMatch(/^\d{4}-\d{2} Q[1-4]$/);
    const links = (page: string) => [...page.matchAll(/href="(\/profiles\/pack\/[^"]+\/county-pack\.pdf)"/g)].map((m) => m[1]);
    const before = links(html);

    expect((await serverB.post(officer, "/profiles/pack", { quarter, _csrf: tokenIn(html) })).status).toBe(302);
    // Whichever server's worker takes the job, the pack is built once and shown by both.
    const page = await until(officer, "/profiles/pack", (p) => p.includes("failed.") || links(p).some((l) => !before.includes(l)));
    expect(page).not.toContain("failed.");
    const fresh = links(page).find((l) => !before.includes(l))!;

    const pdf = await fetch(`${baseUrl}${fresh}`, { headers: { Cookie: officer.cookie, ...serverA.client } });
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get("Content-Type")).toBe("application/pdf");
    expect(Buffer.from(await pdf.arrayBuffer()).subarray(0, 5).toString()).toBe("%PDF-");
  });
});
