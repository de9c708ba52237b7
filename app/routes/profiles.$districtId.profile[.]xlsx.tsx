// The live profile's figures as a workbook, one sheet per section.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { liveProfileDownload } from "~/http/profiles/downloads.server";

export const loader = ({ request, params }: LoaderFunctionArgs) => liveProfileDownload(request, params.districtId, "xlsx");
