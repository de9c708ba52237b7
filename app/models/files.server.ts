// Uploaded documents (tender specifications, bid attachments, return evidence). The type is
// read from the file's bytes, never trusted from its name; content lives in the database so
// every app instance, on either engine, serves the same files.
import { createHash } from "node:crypto";
import { fileTypeFromBuffer } from "file-type";
import type { Executor } from "../../db/client";
import type { FileOwnerType } from "../../db/schema";
import { newId, nowIso } from "~/lib/ids.server";

export const ALLOWED_DOCUMENT_TYPES: Record<string, { mime: string; label: string }> = {
  pdf: { mime: "application/pdf", label: "PDF" },
  docx: { mime: "application/vnd.openxmlformats-officedocument.wordprocessingml.document", label: "Word (DOCX)" },
  xlsx: { mime: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", label: "Excel (XLSX)" },
  odt: { mime: "application/vnd.oasis.opendocument.text", label: "OpenDocument text (ODT)" },
};

export const ALLOWED_TYPES_TEXT = "PDF, DOCX, XLSX or ODT";

export interface CheckedFile {
  filename: string;
  contentType: string;
  bytes: Uint8Array;
}

export type UploadCheck = { ok: true; file: CheckedFile } | { ok: false; error: string };

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} bytes`;
}

/** Longest name kept, extension included. */
export const MAX_FILENAME_LENGTH = 120;

/**
 * A safe name to keep and offer for download: no folders; no control characters, nothing
 * a header or a shell could read specially (quotes, semicolons, brackets), and no
 * invisible bidirectional marks, which can make "evil‮fdp.exe" read as "evilexe.pdf".
 * A long name is shortened before its extension, so the extension survives.
 */
export function cleanFilename(name: string): string {
  const base = (name.split(/[\\/]/).pop() ?? "").normalize("NFC");
  const cleaned = base
    // Controls, and the bidirectional formatting and zero-width characters.
    .replace(/[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g, "")
    .replace(/["<>|:*?;,=`$%\\]/g, "")
    .replace(/\s+/g, " ")
    .trim();
  if (!cleaned || cleaned === "." || cleaned === "..") return "file";
  if (cleaned.length <= MAX_FILENAME_LENGTH) return cleaned;
  const dot = cleaned.lastIndexOf(".");
  const extension = dot > 0 && cleaned.length - dot <= 10 ? cleaned.slice(dot) : "";
  return `${cleaned.slice(0, MAX_FILENAME_LENGTH - extension.length).trimEnd()}${extension}`;
}

/** Checks an upload's size and real type. The extension must agree with the content. */
export async function checkUpload(file: File, maxBytes: number): Promise<UploadCheck> {
  if (file.size === 0) return { ok: false, error: `The selected file "${cleanFilename(file.name)}" is empty` };
  if (file.size > maxBytes) {
    return { ok: false, error: `The selected file "${cleanFilename(file.name)}" must be smaller than ${formatBytes(maxBytes)}` };
  }
  const bytes = new Uint8Array(await file.arrayBuffer());
  const detected = await fileTypeFromBuffer(bytes);
  const allowed = detected ? ALLOWED_DOCUMENT_TYPES[detected.ext] : undefined;
  if (!detected || !allowed) {
    return { ok: false, error: `The selected file "${cleanFilename(file.name)}" must be a ${ALLOWED_TYPES_TEXT}: its content is not one of these` };
  }
  const extension = cleanFilename(file.name).toLowerCase().split(".").pop();
  if (extension !== detected.ext) {
    return {
      ok: false,
      error: `The selected file "${cleanFilename(file.name)}" is named .${extension ?? ""} but its content is ${allowed.label}. Check you chose the right file`,
    };
  }
  return { ok: true, file: { filename: cleanFilename(file.name), contentType: allowed.mime, bytes } };
}

export async function storeFile(
  db: Executor,
  args: { ownerType: FileOwnerType; ownerId: string; file: CheckedFile; uploadedBy: string | null },
): Promise<{ id: string; sha256: string }> {
  const id = newId();
  const sha256 = createHash("sha256").update(args.file.bytes).digest("hex");
  await db
    .insertInto("files")
    .values({
      id,
      owner_type: args.ownerType,
      owner_id: args.ownerId,
      filename: args.file.filename,
      content_type: args.file.contentType,
      size_bytes: args.file.bytes.byteLength,
      sha256,
      content: args.file.bytes,
      uploaded_by: args.uploadedBy,
      created_at: nowIso(),
    })
    .execute();
  return { id, sha256 };
}

export interface FileSummary {
  id: string;
  ownerId: string;
  filename: string;
  contentType: string;
  sizeBytes: number;
  sha256: string;
  createdAt: string;
}

/** Metadata only (never the bytes) for the files of one or many owners, in one query. */
export async function listFiles(db: Executor, ownerType: FileOwnerType, ownerIds: string[]): Promise<FileSummary[]> {
  if (ownerIds.length === 0) return [];
  const rows = await db
    .selectFrom("files")
    .select(["id", "owner_id", "filename", "content_type", "size_bytes", "sha256", "created_at"])
    .where("owner_type", "=", ownerType)
    .where("owner_id", "in", ownerIds)
    .orderBy("created_at")
    .execute();
  return rows.map((r) => ({
    id: r.id, ownerId: r.owner_id, filename: r.filename, contentType: r.content_type,
    sizeBytes: Number(r.size_bytes), sha256: r.sha256, createdAt: r.created_at,
  }));
}

export async function getFileWithContent(db: Executor, id: string) {
  return db
    .selectFrom("files")
    .select(["id", "owner_type", "owner_id", "filename", "content_type", "size_bytes", "content"])
    .where("id", "=", id)
    .executeTakeFirst();
}

export async function deleteFile(db: Executor, args: { id: string; ownerType: FileOwnerType; ownerId: string }): Promise<boolean> {
  const result = await db
    .deleteFrom("files")
    .where("id", "=", args.id)
    .where("owner_type", "=", args.ownerType)
    .where("owner_id", "=", args.ownerId)
    .executeTakeFirst();
  return Number(result.numDeletedRows) === 1;
}

