import { describe, expect, it } from "vitest";
import { pdfThreadMemoryMb } from "~/profiles/pdf-pool.server";

describe("pdfThreadMemoryMb (PDF_THREAD_MEMORY_MB)", () => {
  it("is 192 MB unless set, and what it is set to", () => {
    expect(pdfThreadMemoryMb(undefined)).toBe(192);
    expect(pdfThreadMemoryMb("")).toBe(192);
    expect(pdfThreadMemoryMb("256")).toBe(256);
    expect(pdfThreadMemoryMb("64")).toBe(64);
  });

  it("refuses what is not a whole number of megabytes a thread can start with", () => {
    for (const bad of ["32", "63", "1.5", "lots", "-128", "16385", "1e9"]) {
      expect(() => pdfThreadMemoryMb(bad), bad).toThrow(`PDF_THREAD_MEMORY_MB must be a whole number of megabytes from 64 to 16384, not "${bad}".`);
    }
  });
});
