import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "../../db/client";
import { action as signInAction, loader as signInLoader } from "~/routes/sign-in";
import { action as signOutAction } from "~/routes/sign-out";
import { loader as homeLoader } from "~/routes/_index";
import { LOCKED, MAX_ATTEMPTS_PER_IP, THROTTLED, WRONG_DETAILS } from "~/services/auth.server";
import { context, cookieFrom, createTestUser, getRequest, jsonOf, postRequest, run, type TestUser } from "../helpers/requests";

let officer: TestUser;

beforeAll(async () => {
  officer = await createTestUser({ roles: ["officer"], countyWide: true, email: "Olivia@Test.Example", name: "Olivia" });
});

describe("sign in", () => {
  it("signs in with the right password, case-insensitively by e-mail, and lands on the page asked for", async () => {
    const response = await run(signInAction, await postRequest("/sign-in", { email: "OLIVIA@test.example", password: officer.password, redirectTo: "/organisations" }));
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/organisations");
    const cookie = cookieFrom(response)!;
    expect(response.headers.get("Set-Cookie")).toMatch(/HttpOnly/i);
    expect(response.headers.get("Set-Cookie")).toMatch(/SameSite=Lax/i);

    const home = await run(homeLoader, new Request("http://portal.test/", { headers: { Cookie: cookie } }));
    const data = await jsonOf(home);
    expect(data.user.name).toBe("Olivia");
    const audit = await getDb().selectFrom("audit_events").select(["action", "ip"]).where("record_id", "=", officer.id).execute();
    expect(audit).toContainEqual({ action: "user.signed_in", ip: context.ip });
  });

  it("never redirects to another site after sign-in", async () => {
    const response = await run(signInAction, await postRequest("/sign-in", { email: officer.email, password: officer.password, redirectTo: "//evil.example/" }));
    expect(response.headers.get("Location")).toBe("/");
  });

  it("gives the same message for a wrong password and an unknown e-mail", async () => {
    const wrong = await run(signInAction, await postRequest("/sign-in", { email: officer.email, password: "nope" }), {}, { ip: "198.51.100.1" });
    const unknown = await run(signInAction, await postRequest("/sign-in", { email: "nobody@test.example", password: "nope" }), {}, { ip: "198.51.100.1" });
    expect(wrong.status).toBe(400);
    expect(unknown.status).toBe(400);
    const a = await jsonOf(wrong);
    const b = await jsonOf(unknown);
    expect(a.errors).toEqual({ email: WRONG_DETAILS });
    expect(b.errors).toEqual({ email: WRONG_DETAILS });
    expect(a.values.email).toBe(officer.email);
    expect(a.values.password).toBeUndefined();
    expect(cookieFrom(wrong)).toBeUndefined();
  });

  it("asks for both fields", async () => {
    const response = await run(signInAction, await postRequest("/sign-in", { email: "", password: "" }));
    expect(response.status).toBe(400);
    expect((await jsonOf(response)).errors).toEqual({ email: "Enter your e-mail address", password: "Enter your password" });
  });

  it("locks an account for 15 minutes after 5 failures, even against the right password", async () => {
    const user = await createTestUser({ roles: ["provider"] });
    const ip = { ip: "198.51.100.2" };
    for (let i = 1; i <= 4; i++) {
      const r = await run(signInAction, await postRequest("/sign-in", { email: user.email, password: "wrong" }), {}, ip);
      expect((await jsonOf(r)).errors.email).toBe(WRONG_DETAILS);
    }
    const fifth = await run(signInAction, await postRequest("/sign-in", { email: user.email, password: "wrong" }), {}, ip);
    expect((await jsonOf(fifth)).errors.email).toBe(LOCKED);
    const right = await run(signInAction, await postRequest("/sign-in", { email: user.email, password: user.password }), {}, ip);
    expect(right.status).toBe(400);
    expect((await jsonOf(right)).errors.email).toBe(LOCKED);

    const row = await getDb().selectFrom("users").select(["locked_until"]).where("id", "=", user.id).executeTakeFirstOrThrow();
    const minutes = (new Date(row.locked_until!).getTime() - Date.now()) / 60_000;
    expect(minutes).toBeGreaterThan(14);
    expect(minutes).toBeLessThanOrEqual(15);
    const audit = await getDb().selectFrom("audit_events").select("action").where("record_id", "=", user.id).execute();
    expect(audit.map((a) => a.action)).toContain("user.locked");

    // Once the 15 minutes have passed (the failures are that old), the right password works again.
    await getDb().updateTable("sign_in_attempts").set({ attempted_at: new Date(Date.now() - 16 * 60_000).toISOString() }).where("email", "=", user.email).execute();
    const later = await run(signInAction, await postRequest("/sign-in", { email: user.email, password: user.password }), {}, ip);
    expect(later.status).toBe(302);
  });

  it("locks an unknown e-mail the same way, so lockout does not reveal who has an account", async () => {
    const ip = { ip: "198.51.100.3" };
    let last: Response | undefined;
    for (let i = 1; i <= 5; i++) last = await run(signInAction, await postRequest("/sign-in", { email: "ghost@test.example", password: "x" }), {}, ip);
    expect((await jsonOf(last!)).errors.email).toBe(LOCKED);
  });

  it("throttles many attempts from one address", async () => {
    const ip = { ip: "198.51.100.4" };
    for (let i = 0; i < MAX_ATTEMPTS_PER_IP; i++) {
      await run(signInAction, await postRequest("/sign-in", { email: `t${i}@test.example`, password: "x" }), {}, ip);
    }
    const response = await run(signInAction, await postRequest("/sign-in", { email: officer.email, password: officer.password }), {}, ip);
    expect(response.status).toBe(429);
    expect((await jsonOf(response)).formError).toBe(THROTTLED);
    // Another address is not affected.
    const other = await run(signInAction, await postRequest("/sign-in", { email: officer.email, password: officer.password }), {}, { ip: "198.51.100.5" });
    expect(other.status).toBe(302);
  });

  it("refuses a deactivated account with the same message", async () => {
    const user = await createTestUser({ roles: ["viewer"], active: false });
    const response = await run(signInAction, await postRequest("/sign-in", { email: user.email, password: user.password }), {}, { ip: "198.51.100.6" });
    expect((await jsonOf(response)).errors.email).toBe(WRONG_DETAILS);
  });

  it("sends a signed-in user away from the sign-in page", async () => {
    const response = await run(signInLoader, await getRequest("/sign-in", officer));
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/");
  });
});

describe("sign out", () => {
  it("ends the session", async () => {
    const response = await run(signOutAction, await postRequest("/sign-out", {}, officer));
    expect(response.status).toBe(302);
    expect(response.headers.get("Set-Cookie")).toMatch(/Expires=Thu, 01 Jan 1970/);
    const home = await jsonOf(await run(homeLoader, new Request("http://portal.test/", { headers: { Cookie: cookieFrom(response)! } })));
    expect(home.user).toBeNull();
  });
});
