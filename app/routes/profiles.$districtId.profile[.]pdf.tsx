// The live profile as a PDF, marked DRAFT.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { liveProfileDownload } from "~/http/profiles/downloads.server";

export const loader = ({ request, params }: LoaderFunctionArgs) => liveProfileDownload(request, params.districtId, "pdf");
