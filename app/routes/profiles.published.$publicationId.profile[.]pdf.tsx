// The published PDF, byte for byte as it was frozen.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { publishedPdfDownload } from "~/http/profiles/downloads.server";

export const loader = ({ request, params }: LoaderFunctionArgs) => publishedPdfDownload(request, params.publicationId);
