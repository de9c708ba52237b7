// A tender's document, for anyone who may see the tender. Always a download (see
// fileResponse): a file never runs in the portal's origin whatever it claims to be.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { getDb } from "../../db/client";
import { getFileWithContent } from "~/models/files.server";
import { storedFileDownload } from "~/http/files.server";
import { notFound } from "~/http/guards.server";
import { requireTender } from "~/http/tenders/access.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { tender } = await requireTender(request, params.tenderId ?? "", "tender:view");
  const file = await getFileWithContent(getDb(), params.fileId ?? "");
  // Only this tender's own documents: a bid's or a return's file id here is "not found".
  if (!file || file.owner_type !== "tender" || file.owner_id !== tender.id) notFound("File not found");
  return storedFileDownload(file);
}
