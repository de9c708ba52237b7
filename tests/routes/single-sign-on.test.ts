// Single sign-on against a real OpenID provider (oidc-provider) started in this process: the
// portal's redirect out, the provider's login, and the callback with its checks of state,
// nonce and PKCE; then who may sign in (a verified e-mail of an allowed domain, an existing
// portal account), the link made at the first sign-in, roles from groups, and the setting that
// makes council staff use their council account.
import { createCookie } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "../../db/client";
import { loader as startLoader } from "~/routes/auth.oidc";
import { loader as callbackLoader } from "~/routes/auth.oidc_.callback";
import { action as signInAction, loader as signInLoader } from "~/routes/sign-in";
import { action as signOutAction } from "~/routes/sign-out";
import { loader as homeLoader } from "~/routes/_index";
import { getSettings, updateSettings } from "~/models/admin/settings.server";
import { inviteUser } from "~/models/accounts/users.server";
import { oidcConfig } from "~/services/oidc.server";
import { SSO_REQUIRED } from "~/services/auth.server";
import { createTestUser, jsonOf, postRequest, run, sessionCookie } from "../helpers/requests";
import { startTestIdp, type TestIdp } from "../helpers/oidc-provider";

const APP = "http://portal.test";
let idp: TestIdp;

beforeAll(async () => {
  idp = await startTestIdp({
    clientId: "portal", clientSecret: "portal-secret", redirectUris: [`${APP}/auth/oidc/callback`], postLogoutRedirectUris: [`${APP}/sign-in`],
    accounts: {
      olivia: { email: "Olivia.SSO@council.example", email_verified: true, name: "Olivia Officer" },
      newbie: { email: "new.starter@council.example", email_verified: true, name: "New Starter", groups: ["ESI-Panel", "Domain Admins"] },
      unverified: { email: "unverified@council.example", email_verified: false, name: "Una Verified" },
      outsider: { email: "someone@elsewhere.example", email_verified: true, name: "Out Sider" },
      stranger: { email: "no.account@council.example", email_verified: true, name: "No Account" },
      twin: { email: "olivia.sso@council.example", email_verified: true, name: "Another Olivia" },
      ada: { email: "ada.admin@council.example", email_verified: true, name: "Ada Admin" },
      adaWithMfa: { email: "ada.mfa@council.example", email_verified: true, name: "Ada Mfa", mfa: true },
    },
  });
  Object.assign(process.env, {
    OIDC_ISSUER: idp.issuer, OIDC_CLIENT_ID: "portal", OIDC_CLIENT_SECRET: "portal-secret",
    OIDC_ALLOWED_DOMAINS: "council.example", OIDC_ROLE_CLAIM: "groups", OIDC_ROLE_MAP: "panel=ESI-Panel",
  });
  await createTestUser({ roles: ["officer"], countyWide: true, email: "olivia.sso@council.example", name: "Olivia Officer" });
  await createTestUser({ roles: ["officer"], email: "unverified@council.example" });
  await createTestUser({ roles: ["admin"], email: "ada.admin@council.example", name: "Ada Admin" });
  await createTestUser({ roles: ["admin"], email: "ada.mfa@council.example", name: "Ada Mfa" });
  await getDb().transaction().execute((trx) => inviteUser(trx, { actorUserId: null, ip: null }, {
    email: "new.starter@council.example", name: "New Starter", roles: ["viewer"], organisationId: null, countyWide: false, districtIds: [],
  }));
});

afterAll(async () => {
  for (const key of ["OIDC_ISSUER", "OIDC_CLIENT_ID", "OIDC_CLIENT_SECRET", "OIDC_ALLOWED_DOMAINS", "OIDC_ROLE_CLAIM", "OIDC_ROLE_MAP"]) delete process.env[key];
  await idp?.close();
});

/** The cookie pairs a response set, as a Cookie header. */
const cookiesOf = (response: Response) => response.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");

/**
 * Starts a sign-in at the portal and logs in at the provider as `login`, as a browser would:
 * returns the address the provider sent the browser back to, and the portal's flow cookie.
 */
async function throughProvider(login: string): Promise<{ callback: URL; flowCookie: string }> {
  const start = await run(startLoader, new Request(`${APP}/auth/oidc?redirectTo=%2Fprojects`));
  expect(start.status).toBe(302);
  const flowCookie = cookiesOf(start);
  let next = start.headers.get("Location")!;
  expect(next.startsWith(`${idp.issuer}/auth?`)).toBe(true);
  expect(new URL(next).searchParams.get("code_challenge_method")).toBe("S256");
  const jar = new Map<string, string>();
  for (let hop = 0; hop < 10; hop++) {
    if (next.startsWith(APP)) return { callback: new URL(next), flowCookie };
    const url = new URL(next, idp.issuer);
    const isLogin = url.pathname.startsWith("/interaction/");
    const response = await fetch(url, {
      method: isLogin ? "POST" : "GET",
      body: isLogin ? new URLSearchParams({ login }) : undefined,
      headers: { Cookie: [...jar.values()].join("; ") },
      redirect: "manual",
    });
    for (const c of response.headers.getSetCookie()) jar.set(c.split("=")[0], c.split(";")[0]);
    next = response.headers.get("Location") ?? "";
    if (!next) throw new Error(`The provider answered ${response.status}: ${await response.text()}`);
  }
  throw new Error("Too many redirects");
}

async function callback(url: URL, cookie: string) {
  return run(callbackLoader, new Request(url, { headers: { Cookie: cookie } }), {}, { ip: "192.0.2.44" });
}

async function whoIs(response: Response): Promise<string | null> {
  const session = response.headers.getSetCookie().find((c) => c.startsWith("__portal_session=") && !/Max-Age=0/i.test(c));
  if (!session) return null;
  const home = await run(homeLoader, new Request(`${APP}/`, { headers: { Cookie: session.split(";")[0] } }));
  return home.status === 200 ? (await jsonOf(home)).user?.name ?? null : null;
}

describe("signing in with a council account", () => {
  it("signs an officer in through the provider, links the account and lands where they were going", async () => {
    const { callback: url, flowCookie } = await throughProvider("olivia");
    const response = await callback(url, flowCookie);
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/projects");
    expect(await whoIs(response)).toBe("Olivia Officer");
    const user = await getDb().selectFrom("users").select(["id", "oidc_subject"]).where("email", "=", "olivia.sso@council.example").executeTakeFirstOrThrow();
    expect(user.oidc_subject).toBe(`${idp.issuer} olivia`);
    const audit = await getDb().selectFrom("audit_events").select(["action", "after_json"]).where("record_id", "=", user.id).execute();
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(["user.sso_linked", "user.signed_in"]));
    // The flow's cookie is spent.
    expect(response.headers.getSetCookie().some((c) => c.startsWith("__portal_oidc=;") || /^__portal_oidc=[^;]*;.*Max-Age=0/i.test(c))).toBe(true);
  });

  it("refuses an answer whose state is not the one it sent", async () => {
    const { callback: url, flowCookie } = await throughProvider("olivia");
    url.searchParams.set("state", "not-the-state");
    const response = await callback(url, flowCookie);
    expect(response.status).toBe(400);
    expect((await jsonOf(response)).message).toContain("could not sign you in");
    expect(await whoIs(response)).toBeNull();
  });

  it("refuses an ID token whose nonce is not the one it sent", async () => {
    const { callback: url, flowCookie } = await throughProvider("olivia");
    // The flow cookie as the portal signed it, with another nonce (the secret is the tests' own).
    const flow = createCookie("__portal_oidc", { path: "/auth/oidc/callback", secrets: ["development-only-session-secret-not-for-production"] });
    const saved = await flow.parse(flowCookie);
    const forged = (await flow.serialize({ ...saved, nonce: "another-nonce" })).split(";")[0];
    const response = await callback(url, forged);
    expect(response.status).toBe(400);
    expect(await whoIs(response)).toBeNull();
  });

  it("refuses a callback with no flow cookie (another browser, or too late)", async () => {
    const { callback: url } = await throughProvider("olivia");
    const response = await callback(url, "");
    expect(response.status).toBe(400);
    expect((await jsonOf(response)).message).toContain("Start again");
  });

  it("refuses an unverified e-mail, a domain not allowed and an address with no portal account, saying which", async () => {
    const cases: [string, RegExp][] = [
      ["unverified", /e-mail address has not been verified/],
      ["outsider", /Only accounts from @council\.example can sign in here/],
      ["stranger", /There is no portal account for no\.account@council\.example/],
    ];
    for (const [login, message] of cases) {
      const { callback: url, flowCookie } = await throughProvider(login);
      const response = await callback(url, flowCookie);
      expect(response.status, login).toBe(403);
      expect((await jsonOf(response)).message, login).toMatch(message);
      expect(await whoIs(response), login).toBeNull();
    }
  });

  it("links an invited account at its first sign-in, adds the panel role its group gives, and never administrator", async () => {
    expect(() => oidcConfig({ ...process.env, OIDC_ROLE_MAP: "admin=Domain Admins" })).toThrow(/officer, panel, viewer/);
    const { callback: url, flowCookie } = await throughProvider("newbie");
    const response = await callback(url, flowCookie);
    expect(response.status).toBe(302);
    expect(await whoIs(response)).toBe("New Starter");
    const user = await getDb().selectFrom("users").select("id").where("email", "=", "new.starter@council.example").executeTakeFirstOrThrow();
    const roles = (await getDb().selectFrom("user_roles").select("role").where("user_id", "=", user.id).execute()).map((r) => r.role).sort();
    expect(roles).toEqual(["panel", "viewer"]);
  });

  it("keeps an account to the council account it was linked to", async () => {
    // Another account at the provider with the same e-mail address cannot take it over.
    const { callback: url, flowCookie } = await throughProvider("twin");
    const response = await callback(url, flowCookie);
    expect(response.status).toBe(403);
    expect((await jsonOf(response)).message).toContain("linked to a different council account");
  });
});

describe("two-step verification and single sign-on", () => {
  it("still asks an administrator for the portal's own code, unless the provider asked for a second factor itself", async () => {
    const plain = await throughProvider("ada");
    const asked = await callback(plain.callback, plain.flowCookie);
    expect(asked.status).toBe(302);
    expect(asked.headers.get("Location")).toBe("/sign-in/set-up-two-step");
    expect(await whoIs(asked)).toBeNull();
    expect(asked.headers.getSetCookie().some((c) => c.startsWith("__portal_pending_sign_in="))).toBe(true);

    const withMfa = await throughProvider("adaWithMfa");
    const straight = await callback(withMfa.callback, withMfa.flowCookie);
    expect(straight.status).toBe(302);
    expect(straight.headers.get("Location")).toBe("/projects");
    expect(await whoIs(straight)).toBe("Ada Mfa");
  });
});

describe("the sign-in page, sign-out and the council's rule", () => {
  it("offers the council account only when configured, and its sign-out after signing out of the portal", async () => {
    const page = await jsonOf(await run(signInLoader, new Request(`${APP}/sign-in`)));
    expect(page).toEqual({ sso: { label: "Sign in with your council account" }, endSessionUrl: null });
    const officer = await createTestUser({ roles: ["officer"], countyWide: true });
    const out = await run(signOutAction, new Request(`${APP}/sign-out`, { method: "POST", headers: { Cookie: await sessionCookie(officer) } }));
    expect(out.headers.get("Location")).toBe("/sign-in?signedOut=1");
    const after = await jsonOf(await run(signInLoader, new Request(`${APP}/sign-in?signedOut=1`)));
    expect(after.endSessionUrl).toMatch(new RegExp(`^${idp.issuer}/session/end\\?`));
    expect(new URL(after.endSessionUrl).searchParams.get("post_logout_redirect_uri")).toBe(`${APP}/sign-in`);

    delete process.env.OIDC_ISSUER;
    try {
      expect(await jsonOf(await run(signInLoader, new Request(`${APP}/sign-in`)))).toEqual({ sso: null, endSessionUrl: null });
      expect((await run(startLoader, new Request(`${APP}/auth/oidc`))).status).toBe(404);
    } finally {
      process.env.OIDC_ISSUER = idp.issuer;
    }
  });

  it("makes officers, panel members and administrators use their council account when the council requires it", async () => {
    const officer = await createTestUser({ roles: ["officer"], countyWide: true });
    const provider = await createTestUser({ roles: ["provider"], organisationId: null });
    const db = getDb();
    const before = await getSettings(db);
    await db.transaction().execute((trx) => updateSettings(trx, { actorUserId: null, ip: null }, { ...before, sso_required_for_staff: "yes" }));
    try {
      const refused = await run(signInAction, await postRequest("/sign-in", { email: officer.email, password: officer.password }), {}, { ip: "192.0.2.45" });
      expect(refused.status).toBe(400);
      expect((await jsonOf(refused)).errors.email).toBe(SSO_REQUIRED);
      // A wrong password is told nothing more than before.
      const wrong = await run(signInAction, await postRequest("/sign-in", { email: officer.email, password: "wrong" }), {}, { ip: "192.0.2.45" });
      expect((await jsonOf(wrong)).errors.email).toBe("Enter a correct e-mail address and password");
      const allowed = await run(signInAction, await postRequest("/sign-in", { email: provider.email, password: provider.password }), {}, { ip: "192.0.2.45" });
      expect(allowed.status).toBe(302);
    } finally {
      await db.transaction().execute((trx) => updateSettings(trx, { actorUserId: null, ip: null }, before));
    }
  });
});
