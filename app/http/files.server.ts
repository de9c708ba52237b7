// A file as an HTTP answer: uploaded documents, profile PDFs and spreadsheets, county packs.
// Never cached (they are private), never sniffed as another type, and named safely in
// both forms of Content-Disposition.
export const XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

export interface Download {
  contentType: string;
  filename: string;
  /** PDFs a person reads open in the browser; everything else downloads. */
  inline?: boolean;
  headers?: Record<string, string>;
}

export function fileDownload(body: Uint8Array | string, download: Download): Response {
  const bytes = typeof body === "string" ? new TextEncoder().encode(body) : new Uint8Array(body);
  const ascii = download.filename.replace(/[^\x20-\x7e]/g, "_").replace(/["\\]/g, "");
  return new Response(bytes, {
    headers: {
      "Content-Type": download.contentType,
      "Content-Disposition": `${download.inline ? "inline" : "attachment"}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(download.filename)}`,
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

/** An open data file: JSON anyone may fetch, cacheable for a few minutes. */
export function jsonFile(data: unknown): Response {
  return new Response(JSON.stringify(data, null, 2), {
    headers: { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "public, max-age=300" },
  });
}
