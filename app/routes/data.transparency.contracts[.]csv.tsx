// GET /data/transparency/contracts.csv – the Transparency Code's contracts over £5,000, for
// anyone; `?quarter=2026-27 Q1` for the ones awarded in a quarter.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { transparencyCsv } from "~/http/transparency.server";
import { CONTRACTS_HEADER, contractRows } from "~/models/transparency/awards.server";

export async function loader({ request }: LoaderFunctionArgs) {
  return transparencyCsv(request, { name: "contracts-over-5000", header: CONTRACTS_HEADER, rows: contractRows });
}
