// GET /data/ocds/tenders/:tenderId – one public tender's releases (OCDS 1.1.5), for anyone; a
// tender that is not public is "not found".
import type { LoaderFunctionArgs } from "@remix-run/node";
import { getDb } from "../../db/client";
import { ocdsPackage, ocdsPackageData } from "~/models/transparency/ocds.server";
import { openDataJson } from "~/http/files.server";
import { notFound } from "~/http/guards.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const tenderId = params.tenderId ?? "";
  const data = await ocdsPackage(getDb(), `/data/ocds/tenders/${encodeURIComponent(tenderId)}`, { tenderId });
  if (data.releases.length === 0) notFound("No such public tender");
  return openDataJson(request, data, { data: ocdsPackageData(data) });
}
