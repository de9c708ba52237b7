// GET /data/360giving/grants.csv – the 360Giving grants, flattened as 360Giving's tools read them.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { getDb } from "../../db/client";
import { csvFile, CSV_CONTENT_TYPE } from "~/lib/csv.server";
import { openDataFile } from "~/http/files.server";
import { flatGrants, threeSixtyGivingPackage } from "~/models/transparency/three-sixty-giving.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const { header, rows } = flatGrants((await threeSixtyGivingPackage(getDb())).grants);
  return openDataFile(request, { body: csvFile(header, rows), contentType: CSV_CONTENT_TYPE, filename: "360giving-grants.csv" });
}
