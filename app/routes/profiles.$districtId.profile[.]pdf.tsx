// The live profile as a PDF, marked DRAFT.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { liveProfileDownload } from "~/models/profiles/compute.server";

export const loader = ({ request, params }: LoaderFunctionArgs) => liveProfileDownload(request, params.districtId, "pdf");
