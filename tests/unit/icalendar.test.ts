import { describe, expect, it } from "vitest";
import { icalendar } from "~/lib/icalendar.server";
import { parseCalendar } from "../helpers/icalendar";

describe("the iCalendar writer, read back by ical.js", () => {
  const text = icalendar("Deadlines, mine; all of them", [
    { uid: "summer@portal.test", summary: "Closes: ESI-1, a tender; with \\ odd text", description: "Line one\nLine two", url: "https://portal.test/t/1", start: { at: "2027-07-01T11:00:00.000Z" } },
    { uid: "winter@portal.test", summary: "Closes in winter", description: "", url: "https://portal.test/t/2", start: { at: "2027-01-13T12:00:00.000Z" } },
    { uid: "day@portal.test", summary: "Return due", description: "x", url: "https://portal.test/r/1", start: { date: "2027-01-21" } },
    { uid: "long@portal.test", summary: `Long ${"é".repeat(80)} title`, description: "bad\u0000char\u0007s", url: "https://portal.test/", start: { date: "2027-03-31" } },
  ], new Date("2026-12-07T10:00:00Z"));
  const { name, events } = parseCalendar(text);
  const byUid = new Map(events.map((e) => [e.uid, e]));

  it("gives moments in UK local time, summer and winter, as the same instants", () => {
    expect(byUid.get("summer@portal.test")).toMatchObject({ local: "2027-07-01T12:00:00", tzid: "Europe/London", utc: "2027-07-01T11:00:00.000Z", allDay: false });
    expect(byUid.get("winter@portal.test")).toMatchObject({ local: "2027-01-13T12:00:00", tzid: "Europe/London", utc: "2027-01-13T12:00:00.000Z" });
  });

  it("gives due dates as whole days", () => {
    expect(byUid.get("day@portal.test")).toMatchObject({ allDay: true, local: "2027-01-21", tzid: null });
    expect(text).toContain("DTEND;VALUE=DATE:20270122");
  });

  it("escapes text, drops control characters and folds long lines without splitting a character", () => {
    // An X- property is TEXT by default, so escaped too (ical.js leaves unknown properties raw).
    expect(name).toBe("Deadlines\\, mine\\; all of them");
    expect(byUid.get("summer@portal.test")).toMatchObject({ summary: "Closes: ESI-1, a tender; with \\ odd text", description: "Line one\nLine two" });
    expect(byUid.get("long@portal.test")!.summary).toBe(`Long ${"é".repeat(80)} title`);
    expect(byUid.get("long@portal.test")!.description).toBe("badchars");
    for (const line of text.split("\r\n")) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);
    expect(text.endsWith("\r\n")).toBe(true);
    expect(text.replace(/\r\n/g, "")).not.toMatch(/[\r\n]/);
  });

  it("has each event once, with its address", () => {
    expect(events.map((e) => e.uid).sort()).toEqual(["day@portal.test", "long@portal.test", "summer@portal.test", "winter@portal.test"]);
    expect(byUid.get("day@portal.test")!.url).toBe("https://portal.test/r/1");
  });
});
