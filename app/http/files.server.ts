// A file as an HTTP answer: uploaded documents, profile PDFs and spreadsheets, county packs,
// never cached (they are private); and open data, cached for a few minutes and then checked
// again by its ETag. Never sniffed as another type, and named safely in both forms of
// Content-Disposition.
import { createHash } from "node:crypto";
import fresh from "fresh";

export const XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

export interface Download {
  contentType: string;
  filename: string;
  /** PDFs a person reads open in the browser; everything else downloads. */
  inline?: boolean;
  headers?: Record<string, string>;
}

function contentDisposition(filename: string, inline = false): string {
  const ascii = filename.replace(/[^\x20-\x7e]/g, "_").replace(/["\\]/g, "");
  return `${inline ? "inline" : "attachment"}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

export function fileDownload(body: Uint8Array | string, download: Download): Response {
  const bytes = typeof body === "string" ? new TextEncoder().encode(body) : new Uint8Array(body);
  return new Response(bytes, {
    headers: {
      "Content-Type": download.contentType,
      "Content-Disposition": contentDisposition(download.filename, download.inline),
      "Content-Length": String(bytes.byteLength),
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
      ...download.headers,
    },
  });
}

/** An uploaded document as stored: always a download. */
export function storedFileDownload(file: { filename: string; content_type: string; content: Uint8Array }): Response {
  return fileDownload(file.content instanceof Uint8Array ? file.content : new Uint8Array(file.content as ArrayBufferLike), {
    contentType: file.content_type, filename: file.filename,
  });
}

/**
 * An open data file: its body, or how to make it (made only when the copy asked about is not
 * still good); and `data`, what a copy fetched before must match to be still good, where the
 * body holds more than its data (the time it was made, a spreadsheet's own timestamps). By
 * default the body itself, which must then be given as made.
 */
export type OpenDataFile = {
  contentType: string;
  /** Downloaded under this name; without one, shown in the browser. */
  filename?: string;
} & ({ body: Uint8Array | string; data?: string } | { body: () => Promise<Uint8Array>; data: string });

/** Open data is kept by browsers and caches for five minutes, then checked again. */
const OPEN_DATA_CACHING = "public, max-age=300";

/**
 * An open data file anyone may fetch. Its ETag is its data's digest, so a copy fetched before
 * is checked with If-None-Match and, when the data has not changed, answered 304 with no body:
 * a service that polls the council's open data downloads it only when there is something new.
 * The ETag is weak: the data, not the bytes (a compressed copy is the same data).
 */
export async function openDataFile(request: Request, file: OpenDataFile): Promise<Response> {
  const data = file.data ?? (file.body as Uint8Array | string);
  const etag = `W/"${createHash("sha256").update(data).digest("base64url").slice(0, 32)}"`;
  const caching = { ETag: etag, "Cache-Control": OPEN_DATA_CACHING, Vary: "Accept-Encoding" };
  // Only If-None-Match is read: a cache revalidating its copy may say no-cache as well, and a 304
  // is just what it asks for (fresh would read no-cache as a reload, and send the file whole).
  if (fresh({ "if-none-match": request.headers.get("If-None-Match") ?? undefined }, { etag })) return new Response(null, { status: 304, headers: caching });
  const body = typeof file.body === "function" ? await file.body() : file.body;
  return new Response(typeof body === "string" ? body : new Uint8Array(body), {
    headers: {
      "Content-Type": file.contentType,
      ...(file.filename ? { "Content-Disposition": contentDisposition(file.filename) } : {}),
      ...caching,
    },
  });
}

/** Open data as JSON, laid out to be read. */
export function openDataJson(request: Request, data: unknown, options: { data?: string } = {}): Promise<Response> {
  return openDataFile(request, { body: JSON.stringify(data, null, 2), contentType: "application/json; charset=utf-8", ...options });
}
