// Two-step verification from the routes: set up at sign-in where it is required, codes from
// an independent TOTP generator (tests/helpers/totp.ts), each code good once, recovery codes,
// the sign-in's lockout counting wrong codes, and what only an administrator may reset.
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "../../db/client";
import { action as signInAction } from "~/routes/sign-in";
import { action as codeAction, loader as codeLoader } from "~/routes/sign-in_.two-step";
import { action as setUpAction, loader as setUpLoader } from "~/routes/sign-in_.set-up-two-step";
import { action as accountTwoStepAction, loader as accountTwoStepLoader } from "~/routes/account_.two-step";
import { action as userAction } from "~/routes/admin.users.$userId";
import { action as acceptAction } from "~/routes/accept-invitation.$token";
import { inviteUser } from "~/models/accounts/users.server";
import { clearSignInFailures } from "~/models/accounts/credentials.server";
import { loader as homeLoader } from "~/routes/_index";
import { getSettings, updateSettings } from "~/models/admin/settings.server";
import { CODE_MESSAGES } from "~/models/accounts/two-step.server";
import { LOCKED, MAX_FAILED_SIGN_INS } from "~/services/auth.server";
import { cookieFrom, createTestUser, getRequest, jsonOf, postRequest, run, type TestUser } from "../helpers/requests";
import { totpCode } from "../helpers/totp";

const BASE = "http://portal.test";

/** The cookie pair a response set under `name`. */
function cookieNamed(response: Response, name: string): string | undefined {
  return response.headers.getSetCookie().find((c) => c.startsWith(`${name}=`) && !/Max-Age=0/i.test(c))?.split(";")[0];
}

async function passwordStep(user: TestUser, ip: string, redirectTo = "/") {
  const response = await run(signInAction, await postRequest("/sign-in", { email: user.email, password: user.password, redirectTo }), {}, { ip });
  return { response, pending: cookieNamed(response, "__portal_pending_sign_in") };
}

const withCookie = (path: string, cookie: string, fields?: Record<string, string>) => {
  const init: RequestInit = { headers: { Cookie: cookie } };
  if (fields) {
    const form = new FormData();
    for (const [k, v] of Object.entries(fields)) form.append(k, v);
    Object.assign(init, { method: "POST", body: form });
  }
  return new Request(`${BASE}${path}`, init);
};

/** Signs the user up for two-step verification through the sign-in's set-up page; returns the secret and recovery codes. */
async function setUpAtSignIn(user: TestUser, ip: string): Promise<{ secret: string; recoveryCodes: string[]; session: string }> {
  const { pending } = await passwordStep(user, ip);
  const page = await jsonOf(await run(setUpLoader, withCookie("/sign-in/set-up-two-step", pending!)));
  const { secret, signature } = page.setup;
  const done = await run(setUpAction, withCookie("/sign-in/set-up-two-step", pending!, { intent: "set-up", secret, signature, code: totpCode(secret) }), {}, { ip });
  expect(done.status).toBe(200);
  const body = await jsonOf(done);
  return { secret, recoveryCodes: body.recoveryCodes, session: cookieNamed(done, "__portal_session")! };
}

async function whoIs(cookie: string): Promise<string | null> {
  const home = await run(homeLoader, new Request(`${BASE}/`, { headers: { Cookie: cookie } }));
  return home.status === 200 ? ((await jsonOf(home)).user?.name ?? null) : null;
}

let admin: TestUser;

beforeAll(async () => {
  admin = await createTestUser({ roles: ["admin"], name: "Ada Admin" });
});

describe("setting up two-step verification at sign-in", () => {
  it("sends an administrator without it from the password to the set-up page, with no session yet", async () => {
    const { response, pending } = await passwordStep(admin, "198.51.100.101", "/admin");
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/sign-in/set-up-two-step");
    expect(cookieNamed(response, "__portal_session")).toBeUndefined();
    expect(pending).toBeDefined();
    // The code page is not the way for a sign-in that must set up first.
    const wrongStep = await run(codeLoader, withCookie("/sign-in/two-step", pending!));
    expect(wrongStep.headers.get("Location")).toBe("/sign-in");

    const page = await jsonOf(await run(setUpLoader, withCookie("/sign-in/set-up-two-step", pending!)));
    expect(page.setup.secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(page.setup.key.replace(/ /g, "")).toBe(page.setup.secret);
    expect(page.setup.qrDataUrl).toMatch(/^data:image\/svg\+xml;base64,/);
    expect(Buffer.from(page.setup.qrDataUrl.split(",")[1], "base64").toString()).toContain("<svg");
  });

  it("refuses a wrong code and keeps the same key, then turns it on with the app's code and shows ten recovery codes once", async () => {
    const user = await createTestUser({ roles: ["admin"] });
    const ip = "198.51.100.102";
    const { pending } = await passwordStep(user, ip, "/admin/users");
    const { setup } = await jsonOf(await run(setUpLoader, withCookie("/sign-in/set-up-two-step", pending!)));
    const wrongCode = String((Number(totpCode(setup.secret)) + 500_000) % 1_000_000).padStart(6, "0");
    const wrong = await run(setUpAction, withCookie("/sign-in/set-up-two-step", pending!, { intent: "set-up", secret: setup.secret, signature: setup.signature, code: wrongCode }), {}, { ip });
    expect(wrong.status).toBe(400);
    const again = await jsonOf(wrong);
    expect(again.errors.code).toContain("That code is not right");
    expect(again.setup.secret).toBe(setup.secret);
    expect(cookieNamed(wrong, "__portal_session")).toBeUndefined();
    const format = await run(setUpAction, withCookie("/sign-in/set-up-two-step", pending!, { intent: "set-up", secret: setup.secret, signature: setup.signature, code: "12ab" }), {}, { ip });
    expect((await jsonOf(format)).errors.code).toBe(CODE_MESSAGES.setupFormat);

    const done = await run(setUpAction, withCookie("/sign-in/set-up-two-step", pending!, { intent: "set-up", secret: setup.secret, signature: setup.signature, code: totpCode(setup.secret) }), {}, { ip });
    expect(done.status).toBe(200);
    expect(done.headers.get("Cache-Control")).toBe("no-store");
    const body = await jsonOf(done);
    expect(body.recoveryCodes).toHaveLength(10);
    expect(new Set(body.recoveryCodes).size).toBe(10);
    for (const code of body.recoveryCodes) expect(code).toMatch(/^[2-9A-HJKMNP-Z]{5}-[2-9A-HJKMNP-Z]{5}$/);
    expect(body.continueTo).toBe("/admin/users");
    expect(await whoIs(cookieNamed(done, "__portal_session")!)).toBe((await getDb().selectFrom("users").select("name").where("id", "=", user.id).executeTakeFirstOrThrow()).name);

    const stored = await getDb().selectFrom("users").select(["totp_secret", "totp_enabled_at"]).where("id", "=", user.id).executeTakeFirstOrThrow();
    expect(stored.totp_secret).toBe(setup.secret);
    expect(stored.totp_enabled_at).not.toBeNull();
    const hashes = await getDb().selectFrom("recovery_codes").select("code_hash").where("user_id", "=", user.id).execute();
    expect(hashes).toHaveLength(10);
    for (const { code_hash } of hashes) expect(body.recoveryCodes.map((c: string) => c.replace("-", ""))).not.toContain(code_hash);
    // Audited, with neither the secret nor a recovery code in it.
    const audit = await getDb().selectFrom("audit_events").select(["action", "before_json", "after_json"]).where("record_id", "=", user.id).execute();
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(["user.two_step_enabled", "user.signed_in"]));
    const written = JSON.stringify(audit);
    expect(written).not.toContain(setup.secret);
    for (const code of body.recoveryCodes) expect(written).not.toContain(code);
  });

  it("refuses a secret the page did not sign for this person, and saves nothing", async () => {
    const user = await createTestUser({ roles: ["admin"] });
    const ip = "198.51.100.103";
    const { pending } = await passwordStep(user, ip);
    const { setup } = await jsonOf(await run(setUpLoader, withCookie("/sign-in/set-up-two-step", pending!)));
    const chosen = "A".repeat(32);
    const forged = await run(setUpAction, withCookie("/sign-in/set-up-two-step", pending!, { intent: "set-up", secret: chosen, signature: setup.signature, code: totpCode(chosen) }), {}, { ip });
    expect(forged.status).toBe(400);
    const body = await jsonOf(forged);
    expect(body.formError).toContain("The set-up page has changed");
    expect(body.setup.secret).not.toBe(chosen);
    expect((await getDb().selectFrom("users").select("totp_secret").where("id", "=", user.id).executeTakeFirstOrThrow()).totp_secret).toBeNull();
  });

  it("sends an invited administrator from setting their password to setting up two-step verification, not into the portal", async () => {
    const { token, userId } = await getDb().transaction().execute((trx) =>
      inviteUser(trx, { actorUserId: admin.id, ip: null }, { email: "new.admin@test.example", name: "Nia New", roles: ["admin"], organisationId: null, countyWide: false, districtIds: [] }));
    const accepted = await run(acceptAction, await postRequest(`/accept-invitation/${token}`, { password: "a long enough passphrase", confirmPassword: "a long enough passphrase" }), { token });
    expect(accepted.status).toBe(302);
    expect(accepted.headers.get("Location")).toBe("/sign-in/set-up-two-step");
    expect(cookieNamed(accepted, "__portal_session")).toBeUndefined();
    const pending = cookieNamed(accepted, "__portal_pending_sign_in")!;
    const { setup } = await jsonOf(await run(setUpLoader, withCookie("/sign-in/set-up-two-step", pending)));
    const done = await run(setUpAction, withCookie("/sign-in/set-up-two-step", pending, { intent: "set-up", secret: setup.secret, signature: setup.signature, code: totpCode(setup.secret) }));
    expect(done.status).toBe(200);
    expect(await whoIs(cookieNamed(done, "__portal_session")!)).toBe("Nia New");
    expect((await getDb().selectFrom("users").select("totp_enabled_at").where("id", "=", userId).executeTakeFirstOrThrow()).totp_enabled_at).not.toBeNull();
  });

  it("lets an officer in on the password alone, until the council requires it of everyone", async () => {
    const officer = await createTestUser({ roles: ["officer"], countyWide: true });
    const first = await passwordStep(officer, "198.51.100.104");
    expect(first.response.headers.get("Location")).toBe("/");
    expect(cookieNamed(first.response, "__portal_session")).toBeDefined();
    const db = getDb();
    const before = await getSettings(db);
    await db.transaction().execute((trx) => updateSettings(trx, { actorUserId: admin.id, ip: null }, { ...before, two_step_for: "everyone" }));
    try {
      const second = await passwordStep(officer, "198.51.100.104");
      expect(second.response.headers.get("Location")).toBe("/sign-in/set-up-two-step");
      expect(cookieNamed(second.response, "__portal_session")).toBeUndefined();
    } finally {
      await db.transaction().execute((trx) => updateSettings(trx, { actorUserId: admin.id, ip: null }, before));
    }
  });

  it("turns the settings' bad choice away", async () => {
    const { action: settingsAction } = await import("~/routes/admin.settings");
    const { settingsFormValues } = await import("~/schemas/settings.server");
    const form = { ...settingsFormValues(await getSettings(getDb())), two_step_for: "nobody" };
    const response = await run(settingsAction, await postRequest("/admin/settings", form, admin));
    expect(response.status).toBe(400);
    expect((await jsonOf(response)).errors.two_step_for).toBe("Choose who must use two-step verification");
  });
});

describe("signing in with a code", () => {
  it("asks for the code after the password and signs in once it is right; the same code does not work twice", async () => {
    const user = await createTestUser({ roles: ["admin"], name: "Cody Code" });
    const { secret } = await setUpAtSignIn(user, "198.51.100.110");
    const ip = "198.51.100.111";
    const { response, pending } = await passwordStep(user, ip, "/admin");
    expect(response.headers.get("Location")).toBe("/sign-in/two-step");
    expect(cookieNamed(response, "__portal_session")).toBeUndefined();
    expect((await run(codeLoader, withCookie("/sign-in/two-step", pending!))).status).toBe(200);

    const empty = await run(codeAction, withCookie("/sign-in/two-step", pending!, { code: " " }), {}, { ip });
    expect((await jsonOf(empty)).errors.code).toBe(CODE_MESSAGES.enterCode);
    const wrong = await run(codeAction, withCookie("/sign-in/two-step", pending!, { code: "000000" === totpCode(secret) ? "111111" : "000000" }), {}, { ip });
    expect(wrong.status).toBe(400);
    expect((await jsonOf(wrong)).errors.code).toBe(CODE_MESSAGES.wrongCode);

    // The set-up used this step's code: the app's next one works (a clock a step ahead).
    const code = totpCode(secret, Date.now(), 1);
    const right = await run(codeAction, withCookie("/sign-in/two-step", pending!, { code: code.slice(0, 3) + " " + code.slice(3) }), {}, { ip });
    expect(right.status).toBe(302);
    expect(right.headers.get("Location")).toBe("/admin");
    expect(await whoIs(cookieNamed(right, "__portal_session")!)).toBe("Cody Code");

    const replay = await passwordStep(user, ip);
    const replayed = await run(codeAction, withCookie("/sign-in/two-step", replay.pending!, { code }), {}, { ip });
    expect(replayed.status).toBe(400);
    expect((await jsonOf(replayed)).errors.code).toBe(CODE_MESSAGES.usedCode);
    expect(cookieNamed(replayed, "__portal_session")).toBeUndefined();
  });

  it("takes each recovery code once, and says how many are left", async () => {
    const user = await createTestUser({ roles: ["admin"] });
    const { recoveryCodes } = await setUpAtSignIn(user, "198.51.100.112");
    const ip = "198.51.100.113";
    const first = await passwordStep(user, ip);
    const used = await run(codeAction, withCookie("/sign-in/two-step", first.pending!, { code: recoveryCodes[3].toLowerCase() }), {}, { ip });
    expect(used.status).toBe(302);
    expect(used.headers.getSetCookie().some((c) => c.startsWith("__portal_flash="))).toBe(true);
    expect(await getDb().selectFrom("recovery_codes").select("id").where("user_id", "=", user.id).where("used_at", "is", null).execute()).toHaveLength(9);
    const second = await passwordStep(user, ip);
    const again = await run(codeAction, withCookie("/sign-in/two-step", second.pending!, { code: recoveryCodes[3] }), {}, { ip });
    expect(again.status).toBe(400);
    expect((await jsonOf(again)).errors.code).toBe(CODE_MESSAGES.wrongCode);
  });

  it("counts wrong codes towards the lockout, which then holds even for the right password and code", async () => {
    const user = await createTestUser({ roles: ["admin"] });
    const { secret } = await setUpAtSignIn(user, "198.51.100.114");
    const ip = "198.51.100.115";
    const { pending } = await passwordStep(user, ip);
    const wrongCode = String((Number(totpCode(secret, Date.now(), 1)) + 1) % 1_000_000).padStart(6, "0");
    const answers: string[] = [];
    for (let i = 0; i < MAX_FAILED_SIGN_INS; i++) {
      const r = await run(codeAction, withCookie("/sign-in/two-step", pending!, { code: wrongCode }), {}, { ip });
      answers.push((await jsonOf(r)).errors.code);
    }
    expect(answers.slice(0, MAX_FAILED_SIGN_INS - 1).every((a) => a === CODE_MESSAGES.wrongCode)).toBe(true);
    expect(answers.at(-1)).toBe(LOCKED);
    const right = await run(codeAction, withCookie("/sign-in/two-step", pending!, { code: totpCode(secret, Date.now(), 1) }), {}, { ip });
    expect((await jsonOf(right)).errors.code).toBe(LOCKED);
    const password = await passwordStep(user, ip);
    expect(password.response.status).toBe(400);
    expect((await jsonOf(password.response)).errors.email).toBe(LOCKED);
    expect((await getDb().selectFrom("users").select("locked_until").where("id", "=", user.id).executeTakeFirstOrThrow()).locked_until).not.toBeNull();
  });

  it("refuses the code page without a password first, and input no code is made of", async () => {
    const nobody = await run(codeLoader, new Request(`${BASE}/sign-in/two-step`));
    expect(nobody.headers.get("Location")).toBe("/sign-in");
    const forgedCookie = "__portal_pending_sign_in=eyJ1c2VySWQiOiJ4In0%3D.forged";
    const forged = await run(codeAction, withCookie("/sign-in/two-step", forgedCookie, { code: "123456" }));
    expect(forged.headers.get("Location")).toBe("/sign-in");

    const user = await createTestUser({ roles: ["admin"] });
    await setUpAtSignIn(user, "198.51.100.116");
    const { pending } = await passwordStep(user, "198.51.100.117");
    for (const code of ["12\u000034", "x".repeat(5_000)]) {
      const r = await run(codeAction, withCookie("/sign-in/two-step", pending!, { code }), {}, { ip: "198.51.100.117" });
      expect(r.status).toBe(400);
      expect((await jsonOf(r)).errors.code).toBe(CODE_MESSAGES.wrongCode);
    }
  });
});

describe("managing two-step verification", () => {
  it("lets a provider choose it, and turn it off with a code, never without", async () => {
    const provider = await createTestUser({ roles: ["provider"] });
    const page = await jsonOf(await run(accountTwoStepLoader, await getRequest("/account/two-step", provider)));
    expect(page.required).toBe(false);
    const { secret, signature } = page.setup;
    const on = await run(accountTwoStepAction, await postRequest("/account/two-step", { intent: "set-up", secret, signature, code: totpCode(secret) }, provider));
    expect(on.status).toBe(200);
    expect((await jsonOf(on)).recoveryCodes).toHaveLength(10);

    const noCode = await run(accountTwoStepAction, await postRequest("/account/two-step", { intent: "turn-off", code: "" }, provider));
    expect(noCode.status).toBe(400);
    expect((await jsonOf(noCode)).errors.code).toBe(CODE_MESSAGES.enterCode);
    const off = await run(accountTwoStepAction, await postRequest("/account/two-step", { intent: "turn-off", code: totpCode(secret, Date.now(), 1) }, provider));
    expect(off.status).toBe(302);
    const stored = await getDb().selectFrom("users").select(["totp_secret", "totp_enabled_at"]).where("id", "=", provider.id).executeTakeFirstOrThrow();
    expect(stored).toEqual({ totp_secret: null, totp_enabled_at: null });
    expect(await getDb().selectFrom("recovery_codes").select("id").where("user_id", "=", provider.id).execute()).toEqual([]);
  });

  it("gives new recovery codes for a code, and the old ones stop working", async () => {
    const user = await createTestUser({ roles: ["admin"] });
    const { secret, recoveryCodes, session } = await setUpAtSignIn(user, "198.51.100.120");
    const renewed = await run(accountTwoStepAction, withCookie("/account/two-step", session, { intent: "new-recovery-codes", code: totpCode(secret, Date.now(), 1) }));
    expect(renewed.status).toBe(200);
    const fresh: string[] = (await jsonOf(renewed)).recoveryCodes;
    expect(fresh.some((c) => recoveryCodes.includes(c))).toBe(false);
    const { pending } = await passwordStep(user, "198.51.100.121");
    const old = await run(codeAction, withCookie("/sign-in/two-step", pending!, { code: recoveryCodes[0] }), {}, { ip: "198.51.100.121" });
    expect(old.status).toBe(400);
    const current = await run(codeAction, withCookie("/sign-in/two-step", pending!, { code: fresh[0] }), {}, { ip: "198.51.100.121" });
    expect(current.status).toBe(302);
  });

  it("never lets an administrator turn off their own, which their role requires", async () => {
    const user = await createTestUser({ roles: ["admin"] });
    const { secret, session } = await setUpAtSignIn(user, "198.51.100.122");
    const refused = await run(accountTwoStepAction, withCookie("/account/two-step", session, { intent: "turn-off", code: totpCode(secret, Date.now(), 1) }));
    expect(refused.status).toBe(400);
    expect((await jsonOf(refused)).formError).toContain("must use two-step verification");
    expect((await getDb().selectFrom("users").select("totp_enabled_at").where("id", "=", user.id).executeTakeFirstOrThrow()).totp_enabled_at).not.toBeNull();
  });

  it("signs out the account's other sessions when it is turned on, keeping the one that turned it on", async () => {
    const provider = await createTestUser({ roles: ["provider"] });
    const elsewhere = await passwordStep(provider, "198.51.100.130");
    const other = cookieNamed(elsewhere.response, "__portal_session")!;
    const page = await jsonOf(await run(accountTwoStepLoader, await getRequest("/account/two-step", provider)));
    const on = await run(accountTwoStepAction, await postRequest("/account/two-step", { intent: "set-up", secret: page.setup.secret, signature: page.setup.signature, code: totpCode(page.setup.secret) }, provider));
    expect(on.status).toBe(200);
    expect(await whoIs(other)).toBeNull();
    expect((await run(accountTwoStepLoader, await getRequest("/account/two-step", provider))).status).toBe(200);
  });

  it("does not let a password reset buy more guesses at the code", async () => {
    const user = await createTestUser({ roles: ["admin"] });
    const { secret } = await setUpAtSignIn(user, "198.51.100.131");
    const ip = "198.51.100.132";
    const wrongCode = String((Number(totpCode(secret, Date.now(), 1)) + 1) % 1_000_000).padStart(6, "0");
    const { pending } = await passwordStep(user, ip);
    for (let i = 0; i < MAX_FAILED_SIGN_INS - 1; i++) await run(codeAction, withCookie("/sign-in/two-step", pending!, { code: wrongCode }), {}, { ip });
    // Whoever holds the mailbox resets the password: it clears password failures, not code failures.
    await clearSignInFailures(getDb(), user.email, ip);
    const last = await run(codeAction, withCookie("/sign-in/two-step", pending!, { code: wrongCode }), {}, { ip });
    expect((await jsonOf(last)).errors.code).toBe(LOCKED);
  });

  it("lets an administrator reset someone's lost set-up, and nobody else", async () => {
    const lost = await createTestUser({ roles: ["admin"] });
    const { session: lostSession } = await setUpAtSignIn(lost, "198.51.100.123");
    const officer = await createTestUser({ roles: ["officer"], countyWide: true });
    const forbidden = await run(userAction, await postRequest(`/admin/users/${lost.id}`, { intent: "reset-two-step" }, officer), { userId: lost.id });
    expect(forbidden.status).toBe(403);
    expect((await getDb().selectFrom("users").select("totp_enabled_at").where("id", "=", lost.id).executeTakeFirstOrThrow()).totp_enabled_at).not.toBeNull();

    const reset = await run(userAction, await postRequest(`/admin/users/${lost.id}`, { intent: "reset-two-step" }, admin), { userId: lost.id });
    expect(reset.status).toBe(302);
    expect((await getDb().selectFrom("users").select("totp_enabled_at").where("id", "=", lost.id).executeTakeFirstOrThrow()).totp_enabled_at).toBeNull();
    const audit = await getDb().selectFrom("audit_events").select(["actor_user_id"]).where("record_id", "=", lost.id).where("action", "=", "user.two_step_disabled").execute();
    expect(audit).toEqual([{ actor_user_id: admin.id }]);
    // Perhaps a stolen phone: whoever was signed in as them is signed out.
    expect(await whoIs(lostSession)).toBeNull();
    // Required of administrators: the next sign-in sets it up again.
    expect((await passwordStep(lost, "198.51.100.124")).response.headers.get("Location")).toBe("/sign-in/set-up-two-step");
    const ownReset = await run(userAction, await postRequest(`/admin/users/${admin.id}`, { intent: "reset-two-step" }, admin), { userId: admin.id });
    expect(ownReset.status).toBe(400);
  });
});
