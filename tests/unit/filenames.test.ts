// Names of uploaded files, kept and offered for download: nothing that hides an extension,
// breaks a header or reaches outside its folder, and the extension kept however long the name.
import { describe, expect, it } from "vitest";
import { cleanFilename, MAX_FILENAME_LENGTH } from "~/models/files.server";

describe("cleanFilename", () => {
  it("removes right-to-left overrides and other invisible marks that disguise an extension", () => {
    expect(cleanFilename("evil\u202Efdp.exe")).toBe("evilfdp.exe");
    expect(cleanFilename("report\u200B\u2066.pdf")).toBe("report.pdf");
  });

  it("removes characters a Content-Disposition header or a shell reads specially", () => {
    expect(cleanFilename('budget; a="b".pdf')).toBe("budget ab.pdf");
    expect(cleanFilename("a\r\nSet-Cookie: x.pdf")).toBe("aSet-Cookie x.pdf");
  });

  it("keeps no folders", () => {
    expect(cleanFilename("../../etc/passwd")).toBe("passwd");
    expect(cleanFilename("C:\\Users\\me\\plan.docx")).toBe("plan.docx");
    expect(cleanFilename("..")).toBe("file");
  });

  it("shortens a long name before its extension", () => {
    const long = `${"a".repeat(300)}.pdf`;
    const cleaned = cleanFilename(long);
    expect(cleaned.length).toBe(MAX_FILENAME_LENGTH);
    expect(cleaned.endsWith(".pdf")).toBe(true);
  });

  it("leaves an ordinary name alone", () => {
    expect(cleanFilename("Évaluation – année 2026.pdf")).toBe("Évaluation – année 2026.pdf");
  });
});
