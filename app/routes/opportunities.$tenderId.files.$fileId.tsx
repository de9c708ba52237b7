// GET /opportunities/:tenderId/files/:fileId – a public tender's document, for anyone. Always
// a download (see fileResponse). A draft's, a bid's or a return's file here is "not found".
import type { LoaderFunctionArgs } from "@remix-run/node";
import { getDb } from "../../db/client";
import { getPublicTenderFile } from "~/models/tenders/public.server";
import { storedFileDownload } from "~/http/files.server";
import { notFound } from "~/http/guards.server";

export async function loader({ params }: LoaderFunctionArgs) {
  const file = await getPublicTenderFile(getDb(), params.tenderId ?? "", params.fileId ?? "");
  if (!file) notFound("File not found");
  return storedFileDownload(file);
}
