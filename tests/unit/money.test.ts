import { describe, expect, it } from "vitest";
import { formatPence, formatWholePounds, penceToInput } from "~/lib/money";
import { parsePoundsToPence } from "~/lib/figures";

describe("formatPence", () => {
  it("shows pence as pounds with thousands separators", () => {
    expect(formatPence(123456)).toBe("£1,234.56");
    expect(formatPence(0)).toBe("£0.00");
    expect(formatPence(5)).toBe("£0.05");
    expect(formatPence(5_000_000)).toBe("£50,000.00");
    expect(formatPence(123_456_789_01)).toBe("£123,456,789.01");
  });

  it("shows negative amounts with a minus sign", () => {
    expect(formatPence(-123456)).toBe("-£1,234.56");
  });

  it("refuses fractions of a penny", () => {
    expect(() => formatPence(1.5)).toThrow(RangeError);
  });
});

describe("formatWholePounds", () => {
  it("rounds to the nearest pound", () => {
    expect(formatWholePounds(5_000_000)).toBe("£50,000");
    expect(formatWholePounds(5_231_050)).toBe("£52,311");
    expect(formatWholePounds(149)).toBe("£1");
    expect(formatWholePounds(150)).toBe("£2");
    expect(formatWholePounds(-150)).toBe("-£2");
  });
});

describe("parsePoundsToPence", () => {
  it("reads what people type", () => {
    expect(parsePoundsToPence("1234.56")).toBe(123456);
    expect(parsePoundsToPence("£1,234.5")).toBe(123450);
    expect(parsePoundsToPence(" 80000 ")).toBe(8_000_000);
    expect(parsePoundsToPence("0.07")).toBe(7);
  });

  it("refuses what is not an amount", () => {
    expect(parsePoundsToPence("")).toBeNull();
    expect(parsePoundsToPence("abc")).toBeNull();
    expect(parsePoundsToPence("12.345")).toBeNull();
    expect(parsePoundsToPence("-5")).toBeNull();
    expect(parsePoundsToPence("1e5")).toBeNull();
  });

  it("round-trips with penceToInput", () => {
    expect(penceToInput(123456)).toBe("1234.56");
    expect(penceToInput(7)).toBe("0.07");
    expect(parsePoundsToPence(penceToInput(8_000_000))).toBe(8_000_000);
  });
});
