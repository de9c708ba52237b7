// GET /data/ocds/releases.json – every public tender's contracting process as an OCDS 1.1.5
// release package, for anyone. /data/ocds/tenders/:tenderId has one tender's.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { getDb } from "../../db/client";
import { ocdsPackage, ocdsPackageData } from "~/models/transparency/ocds.server";
import { openDataJson } from "~/http/files.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const data = await ocdsPackage(getDb(), "/data/ocds/releases.json");
  return openDataJson(request, data, { data: ocdsPackageData(data) });
}
