// Reads a PDF back the way a person (or a screen reader) would get at it: its text page by
// page, its title and its language, using pdfjs-dist's Node build.
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";

export interface PdfText {
  pages: number;
  /** Every page's text, pages joined by a blank line. */
  text: string;
  pageTexts: string[];
  title: string | null;
  language: string | null;
  /** The document information dictionary's text entries (Author, Subject, Creator, ...). */
  info: Record<string, string>;
}

/** Runs of white space (including line ends inside wrapped text) become single spaces. */
export function normaliseSpace(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

export async function readPdf(bytes: Uint8Array): Promise<PdfText> {
  // pdfjs takes ownership of (and may detach) the buffer it is given: hand it a copy.
  const loadingTask = getDocument({ data: new Uint8Array(bytes), useSystemFonts: false, isEvalSupported: false, verbosity: 0 });
  const doc = await loadingTask.promise;
  try {
    const pageTexts: string[] = [];
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      const content = await page.getTextContent();
      let text = "";
      for (const item of content.items) {
        if (!("str" in item)) continue;
        text += item.str;
        text += item.hasEOL ? "\n" : " ";
      }
      pageTexts.push(normaliseSpace(text));
      page.cleanup();
    }
    const { info } = (await doc.getMetadata()) as unknown as { info: Record<string, unknown> };
    const title = typeof info.Title === "string" && info.Title ? info.Title : null;
    // pdfjs reports the catalog's /Lang as info.Language.
    const language = typeof info.Language === "string" && info.Language ? info.Language : null;
    const strings = Object.fromEntries(Object.entries(info).filter((e): e is [string, string] => typeof e[1] === "string"));
    return { pages: doc.numPages, text: pageTexts.join("\n\n"), pageTexts, title, language, info: strings };
  } finally {
    await doc.destroy();
  }
}
