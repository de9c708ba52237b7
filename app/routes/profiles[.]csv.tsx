// The districts side by side as CSV: the county view's figures, in its order.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { countyDownloadFor } from "~/http/profiles/downloads.server";

export const loader = ({ request }: LoaderFunctionArgs) => countyDownloadFor(request, "csv");
