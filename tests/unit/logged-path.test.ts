import { describe, expect, it } from "vitest";
import { loggedPath } from "~/http/edge.server";

describe("the request log's paths", () => {
  it("keeps the shape of addresses whose last part is a secret, not the secret", () => {
    expect(loggedPath("/calendar/AbC-123_xyz.ics")).toBe("/calendar/[token]");
    expect(loggedPath("/accept-invitation/tok3n?x=1")).toBe("/accept-invitation/[token]");
    expect(loggedPath("/reset-password/s3cret")).toBe("/reset-password/[token]");
    expect(loggedPath("/opportunities/tender-open/calendar.ics")).toBe("/opportunities/tender-open/calendar.ics");
    expect(loggedPath("/returns/r1/spreadsheet?page=2")).toBe("/returns/r1/spreadsheet");
  });
});
