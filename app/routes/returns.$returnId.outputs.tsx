// Outputs: the actual for each output indicator this quarter, beside its target. A figure
// more than 20% away from its target needs a comment. Saves on its own, with "Have you
// completed this section?"; a save from a stale page is refused and what was typed kept.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { IndicatorSectionPage, indicatorSectionMeta } from "~/components/indicator-section";
import { indicatorSectionAction, indicatorSectionLoader } from "~/http/returns/indicator-section.server";
import type { IndicatorSectionKind } from "~/schemas/returns";
import { revalidateUnlessAutosave } from "~/lib/autosave";

const SECTION: IndicatorSectionKind = { kind: "output", section: "outputs", heading: "Outputs", noun: "output" };

export const meta = indicatorSectionMeta(SECTION.heading);
export const shouldRevalidate = revalidateUnlessAutosave;

export const loader = (args: LoaderFunctionArgs) => indicatorSectionLoader(args, SECTION);
export const action = (args: ActionFunctionArgs) => indicatorSectionAction(args, SECTION);

export default function OutputsSection() {
  return <IndicatorSectionPage heading={SECTION.heading} noun={SECTION.noun} />;
}
