// A bid's attachment, for whoever may read the bid: its own organisation, and after the
// closing time the officers and panel members the rules allow. Always a download.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { getDb } from "../../db/client";
import { getFileWithContent } from "~/models/files.server";
import { storedFileDownload } from "~/http/files.server";
import { notFound } from "~/http/guards.server";
import { requireBidReader } from "~/http/bids/access.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { bid } = await requireBidReader(request, params.bidId);
  const file = params.fileId ? await getFileWithContent(getDb(), params.fileId) : undefined;
  // The file must belong to this bid: a bid's address never opens another record's file.
  if (!file || file.owner_type !== "bid" || file.owner_id !== bid.id) notFound("File not found");
  return storedFileDownload(file);
}
