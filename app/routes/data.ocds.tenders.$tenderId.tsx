// GET /data/ocds/tenders/:tenderId – one public tender's releases (OCDS 1.1.5), for anyone; a
// tender that is not public is "not found".
import type { LoaderFunctionArgs } from "@remix-run/node";
import { getDb } from "../../db/client";
import { ocdsPackage } from "~/models/transparency/ocds.server";
import { jsonFile } from "~/http/files.server";
import { notFound } from "~/http/guards.server";

export async function loader({ params }: LoaderFunctionArgs) {
  const tenderId = params.tenderId ?? "";
  const data = await ocdsPackage(getDb(), `/data/ocds/tenders/${encodeURIComponent(tenderId)}`, { tenderId });
  if (data.releases.length === 0) notFound("No such public tender");
  return jsonFile(data);
}
