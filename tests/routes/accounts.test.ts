import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "../../db/client";
import { seedDemoData } from "../../demo/seed";
import { inviteUser } from "~/models/accounts/users.server";
import { action as acceptAction, loader as acceptLoader } from "~/routes/accept-invitation.$token";
import { action as forgotAction } from "~/routes/forgot-password";
import { action as resetAction, loader as resetLoader } from "~/routes/reset-password.$token";
import { action as accountAction, loader as accountLoader } from "~/routes/account";
import { action as signInAction } from "~/routes/sign-in";
import { loader as homeLoader } from "~/routes/_index";
import { TOKEN_PROBLEMS } from "~/models/accounts/credentials.server";
import { cookieFrom, createTestUser, getRequest, jsonOf, postRequest, run } from "../helpers/requests";
import { startSmtpServer, type TestSmtp } from "../helpers/smtp";

let smtp: TestSmtp;

beforeAll(async () => {
  await seedDemoData(getDb());
  smtp = await startSmtpServer();
  process.env.SMTP_URL = smtp.url;
});

afterAll(async () => {
  delete process.env.SMTP_URL;
  await smtp.close();
});

async function invite(email: string) {
  return getDb().transaction().execute((trx) =>
    inviteUser(trx, { actorUserId: "user-admin", ip: null }, {
      email, name: "Nadia New", roles: ["panel"], organisationId: null, countyWide: false, districtIds: [],
    }),
  );
}

describe("accepting an invitation", () => {
  it("sets the password, signs the person in and is single-use", async () => {
    const { userId, token } = await invite("nadia@test.example");
    const page = await jsonOf(await run(acceptLoader, await getRequest(`/accept-invitation/${token}`), { token }));
    expect(page).toEqual({ problem: null, name: "Nadia New", email: "nadia@test.example" });

    const response = await run(acceptAction, await postRequest(`/accept-invitation/${token}`, { password: "a long enough passphrase", confirmPassword: "a long enough passphrase" }), { token });
    expect(response.status).toBe(302);
    const home = await jsonOf(await run(homeLoader, new Request("http://portal.test/", { headers: { Cookie: cookieFrom(response)! } })));
    expect(home.user.name).toBe("Nadia New");

    const audit = await getDb().selectFrom("audit_events").select("action").where("record_id", "=", userId).orderBy("created_at").execute();
    expect(audit.map((a) => a.action)).toEqual(["user.invited", "user.invitation_accepted"]);
    const tokenRow = await getDb().selectFrom("account_tokens").select(["token_hash", "used_at"]).where("user_id", "=", userId).executeTakeFirstOrThrow();
    expect(tokenRow.token_hash).not.toContain(token);
    expect(tokenRow.used_at).not.toBeNull();

    const again = await run(acceptAction, await postRequest(`/accept-invitation/${token}`, { password: "another long passphrase", confirmPassword: "another long passphrase" }), { token });
    expect(again.status).toBe(410);
    expect((await jsonOf(again)).formError).toBe(TOKEN_PROBLEMS.invitation.used);
  });

  it("refuses short or mismatched passwords and keeps the invitation usable", async () => {
    const { token } = await invite("short@test.example");
    const short = await run(acceptAction, await postRequest(`/accept-invitation/${token}`, { password: "short", confirmPassword: "short" }), { token });
    expect(short.status).toBe(400);
    expect((await jsonOf(short)).errors).toEqual({ password: "Your password must be at least 12 characters" });
    const mismatch = await run(acceptAction, await postRequest(`/accept-invitation/${token}`, { password: "a long enough passphrase", confirmPassword: "a different passphrase" }), { token });
    expect((await jsonOf(mismatch)).errors).toEqual({ confirmPassword: "The passwords do not match" });
    const ok = await run(acceptAction, await postRequest(`/accept-invitation/${token}`, { password: "a long enough passphrase", confirmPassword: "a long enough passphrase" }), { token });
    expect(ok.status).toBe(302);
  });

  it("refuses an expired invitation (7 days) and a made-up one", async () => {
    const { userId, token } = await invite("late@test.example");
    const row = await getDb().selectFrom("account_tokens").select(["created_at", "expires_at"]).where("user_id", "=", userId).executeTakeFirstOrThrow();
    expect(new Date(row.expires_at).getTime() - new Date(row.created_at).getTime()).toBe(7 * 24 * 60 * 60 * 1000);
    await getDb().updateTable("account_tokens").set({ expires_at: new Date(Date.now() - 1000).toISOString() }).where("user_id", "=", userId).execute();
    const page = await run(acceptLoader, await getRequest(`/accept-invitation/${token}`), { token });
    expect(page.status).toBe(410);
    expect((await jsonOf(page)).problem).toBe(TOKEN_PROBLEMS.invitation.expired);
    const made = await run(acceptLoader, await getRequest("/accept-invitation/not-a-real-token-at-all-xyz"), { token: "not-a-real-token-at-all-xyz" });
    expect((await jsonOf(made)).problem).toBe(TOKEN_PROBLEMS.invitation.invalid);
  });
});

describe("resetting a forgotten password", () => {
  it("e-mails a one-hour link that sets a new password", async () => {
    const user = await createTestUser({ roles: ["provider"], email: "forgetful@test.example", name: "Fran Forgetful" });
    const response = await run(forgotAction, await postRequest("/forgot-password", { email: "Forgetful@Test.Example" }));
    expect(await jsonOf(response)).toEqual({ ok: true, sentTo: "Forgetful@Test.Example" });
    const mail = await smtp.waitFor((m) => m.to.includes("forgetful@test.example"));
    expect(mail.subject).toBe("Reset your password for the Lancashire County Council early help portal");
    const link = /http:\/\/portal\.test\/reset-password\/([A-Za-z0-9_-]+)/.exec(mail.text);
    expect(link).not.toBeNull();
    const token = link![1];

    const row = await getDb().selectFrom("account_tokens").select(["created_at", "expires_at"]).where("user_id", "=", user.id).executeTakeFirstOrThrow();
    expect(new Date(row.expires_at).getTime() - new Date(row.created_at).getTime()).toBe(60 * 60 * 1000);

    expect((await jsonOf(await run(resetLoader, await getRequest(`/reset-password/${token}`), { token }))).problem).toBeNull();
    const reset = await run(resetAction, await postRequest(`/reset-password/${token}`, { password: "my brand new passphrase", confirmPassword: "my brand new passphrase" }), { token });
    expect(reset.status).toBe(302);
    expect(reset.headers.get("Location")).toBe("/sign-in");

    const old = await run(signInAction, await postRequest("/sign-in", { email: user.email, password: user.password }), {}, { ip: "203.0.113.20" });
    expect(old.status).toBe(400);
    const fresh = await run(signInAction, await postRequest("/sign-in", { email: user.email, password: "my brand new passphrase" }), {}, { ip: "203.0.113.20" });
    expect(fresh.status).toBe(302);

    const reused = await run(resetAction, await postRequest(`/reset-password/${token}`, { password: "yet another passphrase", confirmPassword: "yet another passphrase" }), { token });
    expect(reused.status).toBe(410);
  });

  it("answers the same for an unknown address and sends nothing", async () => {
    const before = smtp.messages.length;
    const response = await run(forgotAction, await postRequest("/forgot-password", { email: "nobody-here@test.example" }));
    expect(await jsonOf(response)).toEqual({ ok: true, sentTo: "nobody-here@test.example" });
    await new Promise((r) => setTimeout(r, 200));
    expect(smtp.messages.length).toBe(before);
  });

  it("asks for a valid e-mail address", async () => {
    const response = await run(forgotAction, await postRequest("/forgot-password", { email: "not-an-email" }));
    expect(response.status).toBe(400);
    expect((await jsonOf(response)).errors).toEqual({ email: "Enter an e-mail address in the correct format, like name@example.org" });
  });

  it("unlocks a locked account", async () => {
    const user = await createTestUser({ roles: ["viewer"] });
    await getDb().updateTable("users").set({ locked_until: new Date(Date.now() + 600_000).toISOString() }).where("id", "=", user.id).execute();
    await run(forgotAction, await postRequest("/forgot-password", { email: user.email }));
    const mail = await smtp.waitFor((m) => m.to.includes(user.email));
    const token = /reset-password\/([A-Za-z0-9_-]+)/.exec(mail.text)![1];
    await run(resetAction, await postRequest(`/reset-password/${token}`, { password: "unlocked passphrase!", confirmPassword: "unlocked passphrase!" }), { token });
    const row = await getDb().selectFrom("users").select("locked_until").where("id", "=", user.id).executeTakeFirstOrThrow();
    expect(row.locked_until).toBeNull();
  });
});

describe("your account", () => {
  it("shows the signed-in user's own details", async () => {
    const data = await jsonOf(await run(accountLoader, await getRequest("/account", { id: "user-chorley-officer" })));
    expect(data).toEqual({
      name: "Chris Chorley", email: "chorley.officer@demo.example", roles: ["Commissioning officer"], organisation: null, scope: "Chorley", hasNotifications: true,
      twoStep: { enabled: false, recoveryCodesLeft: 0 }, calendarStarted: null,
      sessions: [{ current: true, started: expect.any(String), lastUsed: expect.any(String), from: "192.0.2.10", browser: "Unknown browser" }],
    });
  });

  it("changes the password only with the current one", async () => {
    const user = await createTestUser({ roles: ["panel"] });
    const wrong = await run(accountAction, await postRequest("/account", { currentPassword: "wrong", password: "a new long passphrase", confirmPassword: "a new long passphrase" }, user));
    expect(wrong.status).toBe(400);
    expect((await jsonOf(wrong)).errors).toEqual({ currentPassword: "Your current password is not correct" });
    const right = await run(accountAction, await postRequest("/account", { currentPassword: user.password, password: "a new long passphrase", confirmPassword: "a new long passphrase" }, user));
    expect(right.status).toBe(302);
    const audit = await getDb().selectFrom("audit_events").select("action").where("record_id", "=", user.id).execute();
    expect(audit.map((a) => a.action)).toContain("user.password_changed");
  });

  it("sends a signed-out visitor to sign in", async () => {
    const response = await run(accountLoader, await getRequest("/account"));
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/sign-in?redirectTo=%2Faccount");
  });
});
