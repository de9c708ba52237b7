// Multipart forms with files. An oversize file does not abort the whole form (which would
// lose everything typed): it is noted, and the action reports it beside the field.
import { json, unstable_parseMultipartFormData, type UploadHandler } from "@remix-run/node";

export interface ParsedUpload {
  form: FormData;
  files: { field: string; file: File }[];
  oversize: { field: string; filename: string }[];
}

/** Text fields are never cut short: a form whose text is larger than this is refused whole. */
const MAX_TEXT_FIELD_BYTES = 2 * 1024 * 1024;

export async function parseUploadForm(request: Request, maxBytes: number): Promise<ParsedUpload> {
  const files: ParsedUpload["files"] = [];
  const oversize: ParsedUpload["oversize"] = [];
  const handler: UploadHandler = async ({ name, filename, contentType, data }) => {
    const chunks: Uint8Array[] = [];
    let size = 0;
    let tooBig = false;
    const limit = filename === undefined ? MAX_TEXT_FIELD_BYTES : maxBytes;
    for await (const chunk of data) {
      size += chunk.byteLength;
      if (size > limit) tooBig = true; // keep draining the stream, keep nothing more
      else chunks.push(chunk);
    }
    if (filename === undefined) {
      if (tooBig) throw json({ message: "The form is too large to save. Shorten the longest answers and try again." }, { status: 413 });
      return new TextDecoder().decode(Buffer.concat(chunks));
    }
    if (!filename) return undefined; // the file input was left empty
    if (tooBig) {
      oversize.push({ field: name, filename });
      return undefined;
    }
    const file = new File(chunks.map((c) => new Uint8Array(c)), filename, { type: contentType });
    files.push({ field: name, file });
    return file;
  };
  const form = await unstable_parseMultipartFormData(request, handler);
  return { form, files, oversize };
}
