// The outputs and outcomes sections of a return work the same way and differ only in the
// kind of indicator: one loader and one action serve both routes.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { getDb } from "../../../db/client";
import { failure, formValues, type FieldErrors, type FormFailure, type FormValues } from "~/lib/forms";
import {
  getReturnDetail, queryLabel, saveIndicatorSection
} from "~/models/returns/filing.server";
import {
  actualField, commentField, formVersion, parseComplete, parseIndicatorSection, RETURN_MESSAGES,
  type IndicatorSectionKind,
} from "~/schemas/returns";
import { auditContext } from "~/http/guards.server";
import { flash } from "~/services/session.server";
import { figureToInput, formatFigure } from "~/lib/figures";
import { ReturnLockedError, StaleReturnError } from "~/models/errors";
import { requireFilingPage, requireReturnEditor } from "~/http/returns/access.server";

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

export async function indicatorSectionAction({ request, params, context }: ActionFunctionArgs, { kind: KIND, heading: HEADING }: IndicatorSectionKind) {
  const { user, ret } = await requireReturnEditor(request, params.returnId);
  const db = getDb();
  const values = formValues(await request.formData());
  const version = formVersion(values);
  if (version === null) return json<FormFailure>(failure(values, {}, RETURN_MESSAGES.version), { status: 400 });
  const detail = await getReturnDetail(db, ret.id);
  if (!detail) throw new Response("Return not found", { status: 404 });

  const completeness = parseComplete(values);
  const complete = completeness.ok ? completeness.complete : false;
  const rows = detail.indicators.filter((i) => i.kind === KIND).map((i) => ({ id: i.id, name: i.name, unit: i.unit, target: i.target }));
  const { entries, errors } = parseIndicatorSection(values, rows, complete);
  const all: FieldErrors = { ...errors };
  if (!completeness.ok) all.complete = completeness.error;
  if (Object.keys(all).length) return json<FormFailure>(failure(values, all), { status: 400 });

  try {
    await db.transaction().execute((trx) =>
      saveIndicatorSection(trx, auditContext(user, context), { returnId: ret.id, version, complete, kind: KIND, entries }),
    );
  } catch (error) {
    if (error instanceof StaleReturnError) return json<FormFailure>(failure(values, {}, error.message), { status: 409 });
    if (error instanceof ReturnLockedError) return json<FormFailure>(failure(values, {}, error.message), { status: 409 });
    throw error;
  }
  return redirect(`/returns/${ret.id}`, {
    headers: {
      "Set-Cookie": await flash(request, {
        kind: "success",
        text: complete ? `${HEADING} saved and marked as complete.` : `${HEADING} saved. You can come back to finish them.`,
      }),
    },
  });
}

