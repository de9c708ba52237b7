// GET /data/transparency/grants.csv – the Transparency Code's grants to voluntary, community
// and social enterprise organisations, for anyone; `?quarter=2026-27 Q1` for one quarter's.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { transparencyCsv } from "~/http/transparency.server";
import { GRANTS_HEADER, grantRows } from "~/models/transparency/awards.server";

export async function loader({ request }: LoaderFunctionArgs) {
  return transparencyCsv(request, { name: "grants-to-voluntary-organisations", header: GRANTS_HEADER, rows: grantRows });
}
