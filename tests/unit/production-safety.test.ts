// What a production deployment refuses to do: start without a session secret, send the
// session cookie without Secure, or load demo data.
import { afterEach, describe, expect, it, vi } from "vitest";

afterEach(() => {
  vi.unstubAllEnvs();
  vi.resetModules();
});

describe("in production", () => {
  it("the server refuses to start without SESSION_SECRET", async () => {
    vi.stubEnv("NODE_ENV", "production");
    vi.stubEnv("SESSION_SECRET", "");
    vi.resetModules();
    await expect(import("~/services/session.server")).rejects.toThrow(/SESSION_SECRET must be set/);
  });

  it("the session cookie is Secure, HttpOnly and SameSite=Lax", async () => {
    vi.stubEnv("NODE_ENV", "production");
    vi.stubEnv("SESSION_SECRET", "a-long-random-secret-for-this-test");
    vi.resetModules();
    const { sessionCookie } = await import("~/services/session.server");
    const cookie = await sessionCookie.serialize("a-session-token");
    expect(cookie).toMatch(/; Secure/);
    expect(cookie).toMatch(/; HttpOnly/);
    expect(cookie).toMatch(/; SameSite=Lax/);
  });

  it("demo data is never seeded", async () => {
    vi.stubEnv("NODE_ENV", "production");
    vi.stubEnv("SESSION_SECRET", "a-long-random-secret-for-this-test");
    vi.resetModules();
    const { seedDemoData } = await import("../../demo/seed");
    await expect(seedDemoData({} as never)).rejects.toThrow(/Refusing to seed demo data/);
  });
});

describe("in development", () => {
  it("the cookie is not Secure, so http://localhost works", async () => {
    vi.stubEnv("NODE_ENV", "development");
    vi.stubEnv("SESSION_SECRET", "");
    vi.resetModules();
    const { sessionCookie } = await import("~/services/session.server");
    const cookie = await sessionCookie.serialize("a-session-token");
    expect(cookie).not.toMatch(/Secure/);
  });
});
