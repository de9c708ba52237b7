// The outputs and outcomes sections of a return work the same way and differ only in the
// kind of indicator: one loader and one action serve both routes.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import type { FormValues } from "~/lib/forms";
import { queryLabel } from "~/models/returns/detail.server";
import { saveIndicatorSection } from "~/models/returns/sections.server";
import { actualField, commentField, parseIndicatorSection, type IndicatorSectionKind } from "~/schemas/returns";
import { figureToInput, formatFigure } from "~/lib/figures";
import { requireFilingPage } from "~/http/returns/access.server";
import { savedSectionText, sectionAction, sectionDetail } from "./section-action.server";

export async function indicatorSectionLoader({ request, params }: LoaderFunctionArgs, { kind: KIND, section: SECTION }: IndicatorSectionKind) {
  const { detail, statuses } = await requireFilingPage(request, params.returnId, { editOnly: true });
  const status = statuses.find((s) => s.section === SECTION)!;
  const indicators = detail.indicators.filter((i) => i.kind === KIND);
  const defaults: FormValues = {};
  for (const i of indicators) {
    defaults[actualField(i.id)] = figureToInput(i.actual);
    defaults[commentField(i.id)] = i.comment ?? "";
  }
  defaults.complete = detail.complete[SECTION] ? "yes" : status.state === "in_progress" ? "no" : "";
  return json({
    summary: { id: detail.id, quarter: detail.quarter, projectReference: detail.projectReference, projectTitle: detail.projectTitle, version: detail.version },
    indicators: indicators.map((i) => ({
      id: i.id,
      name: i.name,
      definition: i.definition,
      unit: i.unit,
      cumulative: i.measure === "cumulative",
      lowerIsBetter: i.direction === "lower",
      target: i.target === null ? null : formatFigure(i.target, i.unit),
      queries: status.queries.filter((q) => q.indicatorId === i.id).map((q) => q.comment),
    })),
    sectionQueries: status.queries.filter((q) => !q.indicatorId || !indicators.some((i) => i.id === q.indicatorId))
      .map((q) => ({ id: q.id, label: queryLabel(q, detail.indicators), comment: q.comment })),
    defaults,
  });
}

export function indicatorSectionAction(args: ActionFunctionArgs, { kind: KIND, heading: HEADING }: IndicatorSectionKind) {
  return sectionAction(args, {
    parse: async (post, complete) => {
      const detail = await sectionDetail(post);
      const rows = detail.indicators.filter((i) => i.kind === KIND).map((i) => ({ id: i.id, name: i.name, unit: i.unit, target: i.target }));
      const { entries, errors } = parseIndicatorSection(post.values, rows, complete);
      return { data: entries, errors };
    },
    save: (trx, audit, { data, ...args }) => saveIndicatorSection(trx, audit, { ...args, kind: KIND, entries: data }),
    saved: savedSectionText(HEADING, "them"),
  });
}
