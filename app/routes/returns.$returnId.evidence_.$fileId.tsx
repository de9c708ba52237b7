// A return's evidence file, for whoever may see the return: its own provider and officers
// covering its district. Always a download, and only through its own return.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { getDb } from "../../db/client";
import { getFileWithContent } from "~/models/files.server";
import { storedFileDownload } from "~/http/files.server";
import { notFound } from "~/http/guards.server";
import { requireReturnViewer } from "~/http/returns/access.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { ret } = await requireReturnViewer(request, params.returnId);
  const file = params.fileId ? await getFileWithContent(getDb(), params.fileId) : undefined;
  // The file must belong to this return: a return's address never opens another record's file.
  if (!file || file.owner_type !== "return" || file.owner_id !== ret.id) notFound("File not found");
  return storedFileDownload(file);
}
