// After signing in, people go back only to a page of this site: the usual open-redirect
// bypasses all give the home page.
import { describe, expect, it } from "vitest";
import { safeRedirect } from "~/http/guards.server";

describe("safeRedirect", () => {
  it.each([
    "/", "/tenders", "/tenders?status=open&q=family", "/returns/abc/check#submit", "/profiles/district-chorley?quarter=2026-27%20Q2",
  ])("keeps the same-site path %j", (to) => {
    expect(safeRedirect(to)).toBe(to);
  });

  it.each([
    "https://evil.example/phish", "http:evil.example", "//evil.example", "///evil.example", "/\\evil.example", "\\\\evil.example",
    "/\t/evil.example/phish", "/\n/x", "/\r\n/x", "/%09/evil.example", " /x", "javascript:alert(1)", "data:text/html,hi",
    "evil.example", "", "/\u0000/x", "/\u007f/x", "/x\\y", `/${"a".repeat(2001)}`,
  ])("refuses %j", (to) => {
    const answer = safeRedirect(to);
    expect(answer.startsWith("/") && !answer.startsWith("//") && !/[\s\\]/.test(answer)).toBe(true);
    expect(new URL(answer, "https://portal.example").origin).toBe("https://portal.example");
  });

  it("gives the fallback for what it refuses", () => {
    expect(safeRedirect("//evil.example", "/home")).toBe("/home");
    expect(safeRedirect("/\t/evil.example")).toBe("/");
    expect(safeRedirect(null)).toBe("/");
  });
});
