// The one reader for forms that may carry files. A form is read the same way whether it
// came as multipart (with a file) or URL-encoded (without JavaScript, or with no file
// chosen). An oversize file does not abort the whole form (which would lose everything
// typed): it is noted, and `checkedUpload` reports it beside its field.
import { json, unstable_parseMultipartFormData, type UploadHandler } from "@remix-run/node";
import { checkUpload, cleanFilename, formatBytes, type CheckedFile } from "~/models/files.server";

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

function isMultipart(request: Request): boolean {
  return (request.headers.get("Content-Type") ?? "").toLowerCase().startsWith("multipart/form-data");
}

/** The form, with any files in it; files larger than `maxBytes` are noted, not kept. */
export async function readUploadForm(request: Request, maxBytes: number): Promise<ParsedUpload> {
  if (isMultipart(request)) return parseUploadForm(request, maxBytes);
  return { form: await request.formData(), files: [], oversize: [] };
}

export type FieldUpload = { ok: true; file: CheckedFile | null } | { ok: false; error: string };

/**
 * The file chosen in one field, checked (size, and content that matches its name): null
 * when none was chosen, or the message to show beside the field.
 */
export async function checkedUpload(upload: ParsedUpload, field: string, maxBytes: number): Promise<FieldUpload> {
  const oversize = upload.oversize.find((f) => f.field === field);
  if (oversize) return { ok: false, error: `The selected file "${cleanFilename(oversize.filename)}" must be smaller than ${formatBytes(maxBytes)}` };
  const chosen = upload.files.find((f) => f.field === field);
  if (!chosen) return { ok: true, file: null };
  const checked = await checkUpload(chosen.file, maxBytes);
  return checked.ok ? { ok: true, file: checked.file } : { ok: false, error: checked.error };
}

/** Every file chosen in a field that takes several, checked; the problems joined into one message. */
export async function checkedUploads(upload: ParsedUpload, field: string, maxBytes: number): Promise<{ files: CheckedFile[]; error?: string }> {
  const files: CheckedFile[] = [];
  const problems = upload.oversize.filter((o) => o.field === field)
    .map((o) => `The selected file "${cleanFilename(o.filename)}" must be smaller than ${formatBytes(maxBytes)}`);
  for (const { field: name, file } of upload.files) {
    if (name !== field) continue;
    const checked = await checkUpload(file, maxBytes);
    if (checked.ok) files.push(checked.file);
    else problems.push(checked.error);
  }
  return { files, error: problems.length ? problems.join(". ") : undefined };
}
