// The published profile's frozen figures as a workbook.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { publishedDataDownload } from "~/http/profiles/downloads.server";

export const loader = ({ request, params }: LoaderFunctionArgs) => publishedDataDownload(request, params.publicationId, "xlsx");
