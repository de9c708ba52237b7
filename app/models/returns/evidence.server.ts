// Evidence: documents that back up a return, uploaded and deleted one at a time while the
// return can be changed. Each change claims the return at the version the page was loaded with.
import type { Executor } from "../../../db/client";
import { recordAudit, type AuditContext } from "~/models/audit/record.server";
import { NotFoundError } from "~/models/errors";
import { deleteFile, storeFile, type CheckedFile } from "../files.server";
import { claimReturn } from "./sections.server";

export async function addEvidence(
  trx: Executor,
  audit: AuditContext,
  args: { returnId: string; version: number; file: CheckedFile; userId: string },
  now = new Date(),
): Promise<{ id: string; sha256: string }> {
  const claimed = await claimReturn(trx, args.returnId, args.version, now);
  const stored = await storeFile(trx, { ownerType: "return", ownerId: args.returnId, file: args.file, uploadedBy: args.userId });
  await recordAudit(trx, audit, {
    action: "return.evidence_uploaded", recordType: "return", recordId: args.returnId,
    before: { section: "evidence", status: claimed.statusBefore },
    after: {
      section: "evidence", status: claimed.statusAfter, version: claimed.version, file_id: stored.id, filename: args.file.filename,
      content_type: args.file.contentType, size_bytes: args.file.bytes.byteLength, sha256: stored.sha256,
    },
  });
  return stored;
}

export async function removeEvidence(
  trx: Executor,
  audit: AuditContext,
  args: { returnId: string; version: number; fileId: string },
  now = new Date(),
): Promise<void> {
  const file = await trx.selectFrom("files").select(["id", "filename", "sha256", "size_bytes"])
    .where("id", "=", args.fileId).where("owner_type", "=", "return").where("owner_id", "=", args.returnId).executeTakeFirst();
  if (!file) throw new NotFoundError("That file has already been deleted. Nothing else has changed.", 409);
  const claimed = await claimReturn(trx, args.returnId, args.version, now);
  await deleteFile(trx, { id: args.fileId, ownerType: "return", ownerId: args.returnId });
  await recordAudit(trx, audit, {
    action: "return.evidence_deleted", recordType: "return", recordId: args.returnId,
    before: { section: "evidence", status: claimed.statusBefore, file_id: file.id, filename: file.filename, sha256: file.sha256, size_bytes: Number(file.size_bytes) },
    after: { section: "evidence", status: claimed.statusAfter, version: claimed.version },
  });
}
