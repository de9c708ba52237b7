// What a council's security review tried, refused: links poisoned by the Host header, open
// redirects after sign-in, sessions that could not be ended, and sign-in and reset pages
// that told an attacker which addresses have accounts or let one person flood another's
// inbox. (Forgery, headers and body limits are checked against the running server in
// tests/e2e/security.test.ts.)
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "../../db/client";
import { action as forgotAction } from "~/routes/forgot-password";
import { action as signInAction } from "~/routes/sign-in";
import { action as signOutAction } from "~/routes/sign-out";
import { loader as homeLoader } from "~/routes/_index";
import { loader as organisationsLoader } from "~/routes/organisations._index";
import { action as accountAction, loader as accountLoader } from "~/routes/account";
import { action as resetAction } from "~/routes/reset-password.$token";
import { action as userAction } from "~/routes/admin.users.$userId";
import { endUserSessions } from "~/models/accounts/sessions.server";
import { startSession } from "~/services/session.server";
import { LOCKED, MAX_ATTEMPTS_PER_IP, MAX_FAILED_SIGN_INS } from "~/services/auth.server";
import { RESET_PER_ADDRESS, RESET_PER_CLIENT } from "~/models/throttles.server";
import { BASE, cookieFrom, createTestUser, jsonOf, postRequest, run, sessionCookie, type TestUser } from "../helpers/requests";
import { startSmtpServer, type TestSmtp } from "../helpers/smtp";

let smtp: TestSmtp;
let officer: TestUser;

beforeAll(async () => {
  smtp = await startSmtpServer();
  process.env.SMTP_URL = smtp.url;
  officer = await createTestUser({ roles: ["officer"], countyWide: true, email: "sam.secure@test.example", name: "Sam" });
});

afterAll(async () => {
  delete process.env.SMTP_URL;
  await smtp.close();
});

async function signIn(user: TestUser, ip = "203.0.113.50", redirectTo?: string): Promise<Response> {
  return run(signInAction, await postRequest("/sign-in", { email: user.email, password: user.password, ...(redirectTo ? { redirectTo } : {}) }), {}, { ip });
}

/** The session cookie pair ("__portal_session=…") a sign-in set. */
function sessionOf(response: Response): string {
  const pair = response.headers.getSetCookie().find((c) => c.startsWith("__portal_session="));
  expect(pair).toBeDefined();
  return pair!.split(";")[0];
}

/** Who a cookie signs in, as a page that needs an officer sees it: their name, or "signed out". */
async function whoIs(cookie: string): Promise<string> {
  const response = await run(organisationsLoader, new Request(`${BASE}/organisations`, { headers: { Cookie: cookie } }));
  if (response.status === 302) return "signed out";
  return (await jsonOf(await run(homeLoader, new Request(`${BASE}/`, { headers: { Cookie: cookie } })))).user?.name ?? "signed out";
}

describe("e-mailed links", () => {
  it("point at APP_URL whatever the request's Host and X-Forwarded-Host say", async () => {
    const user = await createTestUser({ roles: ["viewer"] });
    const request = new Request("http://evil.example/forgot-password", {
      method: "POST",
      body: new URLSearchParams({ email: user.email }),
      headers: { "X-Forwarded-Host": "evil.example", Host: "evil.example" },
    });
    const response = await run(forgotAction, request, {}, { ip: "203.0.113.60" });
    expect(response.status).toBe(200);
    const mail = await smtp.waitFor((m) => m.to.includes(user.email));
    expect(mail.text).toMatch(/http:\/\/portal\.test\/reset-password\/[A-Za-z0-9_-]+/);
    expect(mail.text).not.toContain("evil.example");
  });
});

describe("after sign-in", () => {
  it.each([
    ["/\t/evil.example/phish", "/"], ["//evil.example/", "/"], ["/\\evil.example", "/"], ["/\n/x", "/"], ["https://evil.example/", "/"],
    ["/organisations?status=pending", "/organisations?status=pending"],
  ])("redirectTo %j lands on %j", async (redirectTo, location) => {
    const response = await signIn(officer, "203.0.113.51", redirectTo);
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe(location);
  });
});

describe("sessions", () => {
  it("are new at every sign-in, and end at sign-out: the old cookie signs no one in", async () => {
    const first = sessionOf(await signIn(officer));
    const second = sessionOf(await signIn(officer));
    expect(first).not.toBe(second);
    expect(await whoIs(first)).toBe("Sam");
    expect(await whoIs(second)).toBe("Sam");

    const out = await run(signOutAction, new Request(`${BASE}/sign-out`, { method: "POST", headers: { Cookie: first } }));
    expect(out.status).toBe(302);
    expect(out.headers.get("Set-Cookie")).toMatch(/__portal_session=;.*(Max-Age=0|Expires=Thu, 01 Jan 1970)/);
    expect(await whoIs(first)).toBe("signed out");
    // Signing out of one browser leaves the other signed in.
    expect(await whoIs(second)).toBe("Sam");
  });

  it("end after the idle timeout and after the absolute lifetime, even when in use", async () => {
    const idle = sessionOf(await signIn(officer));
    const long = sessionOf(await signIn(officer));
    const rows = await getDb().selectFrom("sessions").select(["id", "created_at"]).where("user_id", "=", officer.id).orderBy("created_at", "desc").limit(2).execute();
    const [longId, idleId] = rows.map((r) => r.id);
    await getDb().updateTable("sessions").set({ last_seen_at: new Date(Date.now() - 61 * 60_000).toISOString() }).where("id", "=", idleId).execute();
    await getDb().updateTable("sessions").set({ expires_at: new Date(Date.now() - 1000).toISOString() }).where("id", "=", longId).execute();
    expect(await whoIs(idle)).toBe("signed out");
    expect(await whoIs(long)).toBe("signed out");
    expect(await getDb().selectFrom("sessions").select("id").where("id", "in", [idleId, longId]).execute()).toEqual([]);
  });

  it("keep only the token's hash in the database", async () => {
    const cookie = sessionOf(await signIn(officer));
    const stored = await getDb().selectFrom("sessions").select("id").where("user_id", "=", officer.id).execute();
    const token = decodeURIComponent(cookie.split("=")[1]);
    for (const row of stored) {
      expect(row.id).toMatch(/^[0-9a-f]{64}$/);
      expect(token).not.toContain(row.id);
    }
  });
});

describe("sessions end when the account changes", () => {
  const post = (path: string, cookie: string, fields: Record<string, string>) =>
    new Request(`${BASE}${path}`, { method: "POST", body: new URLSearchParams(fields), headers: { Cookie: cookie } });

  it("a password change ends every other session of the user, and keeps the one in use", async () => {
    const user = await createTestUser({ roles: ["officer"], countyWide: true, name: "Pat Change" });
    const laptop = sessionOf(await signIn(user));
    const phone = sessionOf(await signIn(user));
    const changed = await run(accountAction, post("/account", laptop, {
      intent: "change-password", currentPassword: user.password, password: "a brand new passphrase", confirmPassword: "a brand new passphrase",
    }));
    expect(changed.status).toBe(302);
    expect(await whoIs(phone)).toBe("signed out");
    // The browser that changed it carries on, under a new token.
    const renewed = sessionOf(changed);
    expect(renewed).not.toBe(laptop);
    expect(await whoIs(laptop)).toBe("signed out");
    expect(await whoIs(renewed)).toBe("Pat Change");
  });

  it("a sign-in that checked the old password just before a reset gets no session, however late it writes it", async () => {
    const user = await createTestUser({ roles: ["officer"], countyWide: true, name: "Racing Reset" });
    const checkedAt = new Date(Date.now() - 50);
    await getDb().transaction().execute((trx) => endUserSessions(trx, user.id));
    // The racing sign-in writes its session now, dated when it checked the password.
    const late = (await startSession(getDb(), user.id, { ip: "203.0.113.63", userAgent: null }, checkedAt)).split(";")[0];
    expect(await whoIs(late)).toBe("signed out");
    // A sign-in after the reset works as usual.
    expect(await whoIs(sessionOf(await signIn(user)))).toBe("Racing Reset");
  });

  it("'sign out everywhere else' ends the others, and the account page lists where one is signed in", async () => {
    const user = await createTestUser({ roles: ["officer"], countyWide: true, name: "Sam Elsewhere" });
    const here = sessionOf(await signIn(user));
    const there = sessionOf(await signIn(user));
    const page = await jsonOf(await run(accountLoader, new Request(`${BASE}/account`, { headers: { Cookie: here } })));
    expect(page.sessions).toHaveLength(2);
    expect(page.sessions.filter((s: { current: boolean }) => s.current)).toHaveLength(1);
    expect((await run(accountAction, post("/account", here, { intent: "sign-out-elsewhere" }))).status).toBe(302);
    expect(await whoIs(there)).toBe("signed out");
    expect(await whoIs(here)).toBe("Sam Elsewhere");
    expect((await run(accountAction, post("/account", here, { intent: "no-such-thing" }))).status).toBe(400);
  });

  it("a password reset ends every session", async () => {
    const user = await createTestUser({ roles: ["officer"], countyWide: true, name: "Reset Me" });
    const before = sessionOf(await signIn(user));
    await run(forgotAction, await postRequest("/forgot-password", { email: user.email }), {}, { ip: "203.0.113.61" });
    const mail = await smtp.waitFor((m) => m.to.includes(user.email));
    const token = /reset-password\/([A-Za-z0-9_-]+)/.exec(mail.text)![1];
    const reset = await run(resetAction, await postRequest(`/reset-password/${token}`, { password: "reset passphrase here", confirmPassword: "reset passphrase here" }), { token });
    expect(reset.status).toBe(302);
    expect(await whoIs(before)).toBe("signed out");
  });

  it("deactivation ends every session, and reactivation brings none back", async () => {
    const user = await createTestUser({ roles: ["officer"], countyWide: true, name: "Dee Active" });
    const cookie = sessionOf(await signIn(user));
    const admin = await createTestUser({ roles: ["admin"] });
    // (An administrator's own sign-in asks for a code: tests/routes/two-step.test.ts.)
    const adminCookie = await sessionCookie(admin);
    const version = async () => (await getDb().selectFrom("users").select("version").where("id", "=", user.id).executeTakeFirstOrThrow()).version;
    expect((await run(userAction, post(`/admin/users/${user.id}`, adminCookie, { intent: "deactivate", version: String(await version()) }), { userId: user.id })).status).toBe(302);
    expect(await whoIs(cookie)).toBe("signed out");
    expect((await run(userAction, post(`/admin/users/${user.id}`, adminCookie, { intent: "reactivate", version: String(await version()) }), { userId: user.id })).status).toBe(302);
    expect(await whoIs(cookie)).toBe("signed out");
    expect(await getDb().selectFrom("sessions").select("id").where("user_id", "=", user.id).execute()).toEqual([]);
  });
});

describe("signing in reveals nothing and locks out no office", () => {
  it("answers a locked account exactly as an address without one, even with the right password", async () => {
    const victim = await createTestUser({ roles: ["viewer"], email: "locked.out@test.example" });
    const ip = "203.0.113.70";
    const answers: { real: string[]; none: string[] } = { real: [], none: [] };
    for (let i = 0; i < MAX_FAILED_SIGN_INS + 1; i++) {
      const real = await run(signInAction, await postRequest("/sign-in", { email: victim.email, password: "wrong" }), {}, { ip });
      const none = await run(signInAction, await postRequest("/sign-in", { email: "no.account@test.example", password: "wrong" }), {}, { ip: "203.0.113.71" });
      answers.real.push(`${real.status} ${JSON.stringify((await jsonOf(real)).errors)}`);
      answers.none.push(`${none.status} ${JSON.stringify((await jsonOf(none)).errors)}`);
    }
    expect(answers.real).toEqual(answers.none);
    expect(answers.real.at(-1)).toContain(LOCKED);
    const right = await run(signInAction, await postRequest("/sign-in", { email: victim.email, password: victim.password }), {}, { ip });
    expect(right.status).toBe(400);
    expect((await jsonOf(right)).errors.email).toBe(LOCKED);
  });

  it("counts guesses sent side by side as if sent one at a time", async () => {
    const victim = await createTestUser({ roles: ["viewer"], email: "parallel.guess@test.example" });
    // From thirty different clients, so no client throttle steps in: only the account's lockout.
    const answers = await Promise.all(Array.from({ length: 30 }, async (_, i) =>
      jsonOf(await run(signInAction, await postRequest("/sign-in", { email: victim.email, password: "guess" }), {}, { ip: `198.51.100.${100 + i}` }))));
    // At most the first few were plain wrong answers; the rest found the account locked.
    expect(answers.filter((a) => a.errors.email === LOCKED).length).toBeGreaterThanOrEqual(30 - MAX_FAILED_SIGN_INS);
    const right = await run(signInAction, await postRequest("/sign-in", { email: victim.email, password: victim.password }), {}, { ip: "203.0.113.74" });
    expect(right.status).toBe(400);
  });

  it("answers an account and an address without one alike, even after the failures have aged", async () => {
    const real = await createTestUser({ roles: ["viewer"], email: "aged.failures@test.example" });
    const none = "aged.nobody@test.example";
    const attempt = async (email: string) => jsonOf(await run(signInAction, await postRequest("/sign-in", { email, password: "wrong" }), {}, { ip: "203.0.113.75" }));
    for (let i = 0; i < MAX_FAILED_SIGN_INS - 1; i++) {
      await attempt(real.email);
      await attempt(none);
    }
    // Twenty minutes later: the earlier failures no longer count for either.
    await getDb().updateTable("sign_in_attempts").set({ attempted_at: new Date(Date.now() - 20 * 60_000).toISOString() })
      .where("email", "in", [real.email, none]).execute();
    expect((await attempt(real.email)).errors).toEqual((await attempt(none)).errors);
  });

  it("does not count successful sign-ins against an office's shared address", async () => {
    const ip = "203.0.113.80";
    for (let i = 0; i < MAX_ATTEMPTS_PER_IP + 5; i++) {
      const response = await signIn(officer, ip);
      expect(response.status).toBe(302);
    }
  });
});

describe("password reset e-mails", () => {
  it("go to one address at most three times an hour, with the same answer each time", async () => {
    const user = await createTestUser({ roles: ["viewer"], email: "flooded@test.example" });
    for (let i = 0; i < RESET_PER_ADDRESS.max + 2; i++) {
      const response = await run(forgotAction, await postRequest("/forgot-password", { email: user.email }), {}, { ip: `203.0.113.${100 + i}` });
      expect(await jsonOf(response)).toEqual({ ok: true, sentTo: user.email });
    }
    await smtp.waitFor((m) => m.to.includes(user.email));
    await new Promise((r) => setTimeout(r, 300));
    expect(smtp.messages.filter((m) => m.to.includes(user.email))).toHaveLength(RESET_PER_ADDRESS.max);
  });

  it("stay within the limit when asked for side by side", async () => {
    const user = await createTestUser({ roles: ["viewer"], email: "parallel.reset@test.example" });
    await Promise.all(Array.from({ length: 15 }, async (_, i) =>
      run(forgotAction, await postRequest("/forgot-password", { email: user.email }), {}, { ip: `203.0.113.${140 + i}` })));
    // Links are made and sent after the answers: give them time, then count.
    await new Promise((r) => setTimeout(r, 1_500));
    const tokens = await getDb().selectFrom("account_tokens").select("id").where("user_id", "=", user.id).where("purpose", "=", "password_reset").execute();
    expect(tokens.length).toBeLessThanOrEqual(RESET_PER_ADDRESS.max);
    expect(smtp.messages.filter((m) => m.to.includes(user.email)).length).toBeLessThanOrEqual(RESET_PER_ADDRESS.max);
  });

  it("are limited per client too, saying so", async () => {
    const ip = "203.0.113.90";
    for (let i = 0; i < RESET_PER_CLIENT.max; i++) {
      const response = await run(forgotAction, await postRequest("/forgot-password", { email: `someone${i}@test.example` }), {}, { ip });
      expect(response.status).toBe(200);
    }
    const refused = await run(forgotAction, await postRequest("/forgot-password", { email: "one.more@test.example" }), {}, { ip });
    expect(refused.status).toBe(429);
    expect((await jsonOf(refused)).formError).toMatch(/too many requests from your network/);
  });
});

describe("cookies", () => {
  it("carry no user id: only a random token", async () => {
    const cookie = cookieFrom(await signIn(officer))!;
    expect(cookie).not.toContain(officer.id);
    expect(Buffer.from(decodeURIComponent(cookie.split("=")[1].split(".")[0]), "base64").toString()).not.toContain(officer.id);
  });
});
