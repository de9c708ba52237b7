// A quarter's returns with their figures, for an officer to take away (CSV and XLSX): one
// row per project and indicator, with the target, the figure, its RAG and where the return
// stands. Figures are those last submitted (the latest version's snapshot), never a draft
// the provider is still changing; a return not yet submitted has its targets and no figures.
// Scoped to the officer's districts, filtered by quarter, district and status; three queries
// whatever the number of returns.
import type { Executor } from "../../../db/client";
import type { IndicatorDirection, ReturnStatus } from "../../../db/schema";
import { getSettings } from "~/models/admin/settings.server";
import { indicatorRag, ragThresholds, type Rag } from "~/models/projects/rag.server";
import { inOfficerScope, type Actor } from "~/policies/actor";
import { groupBy } from "~/models/profiles/figures";
import { isOverdue } from "./returns.server";
import { parseReturnSnapshot } from "./snapshot.server";

export interface QuarterFigureFilters {
  quarter: string;
  districtId: string | null;
  status: ReturnStatus | null;
}

export interface QuarterFigureRow {
  returnId: string;
  quarter: string;
  projectReference: string;
  projectTitle: string;
  providerName: string;
  districtName: string;
  status: ReturnStatus;
  overdue: boolean;
  late: boolean;
  dueDate: string;
  submittedAt: string | null;
  /** Null when the project has no indicators: the return still has a row. */
  indicator: { name: string; kind: "output" | "outcome"; unit: string; direction: IndicatorDirection } | null;
  target: number | null;
  actual: number | null;
  comment: string | null;
  rag: Rag | null;
}

export async function listQuarterFigures(db: Executor, actor: Actor, filters: QuarterFigureFilters, today: string): Promise<QuarterFigureRow[]> {
  let query = db
    .selectFrom("returns")
    .innerJoin("projects", "projects.id", "returns.project_id")
    .innerJoin("organisations", "organisations.id", "projects.organisation_id")
    .innerJoin("districts", "districts.id", "projects.district_id")
    .select([
      "returns.id", "returns.project_id", "returns.quarter", "returns.status", "returns.late", "returns.due_date", "returns.submitted_at",
      "projects.reference", "projects.title", "organisations.name as provider_name", "districts.name as district_name",
    ])
    .where("returns.quarter", "=", filters.quarter)
    .where((eb) => inOfficerScope(eb, actor, "projects.district_id"));
  if (filters.districtId) query = query.where("projects.district_id", "=", filters.districtId);
  if (filters.status) query = query.where("returns.status", "=", filters.status);
  const returns = await query.orderBy("districts.name").orderBy("projects.reference").execute();
  if (returns.length === 0) return [];

  const [indicators, versions, settings] = await Promise.all([
    db.selectFrom("project_indicators").select(["id", "project_id", "kind", "name", "unit", "direction", "targets_json", "position"])
      .where("project_id", "in", [...new Set(returns.map((r) => r.project_id))]).orderBy("project_id").orderBy("position").execute(),
    // The latest version of each return: the last submitted figures.
    db.selectFrom("return_versions as v").select(["v.return_id", "v.content_json"])
      .where("v.return_id", "in", returns.map((r) => r.id))
      .where((eb) => eb("v.number", "=", eb.selectFrom("return_versions as w").select((w) => w.fn.max("w.number").as("n")).whereRef("w.return_id", "=", "v.return_id")))
      .execute(),
    getSettings(db),
  ]);
  const thresholds = ragThresholds(settings);
  const indicatorsOf = groupBy(indicators, (i) => i.project_id);
  const snapshots = new Map(versions.map((v) => [v.return_id, parseReturnSnapshot(v.content_json)]));

  return returns.flatMap((r) => {
    const base = {
      returnId: r.id, quarter: r.quarter, projectReference: r.reference, projectTitle: r.title, providerName: r.provider_name,
      districtName: r.district_name, status: r.status, overdue: isOverdue(r, today), late: r.late === 1, dueDate: r.due_date, submittedAt: r.submitted_at,
    };
    const snapshot = snapshots.get(r.id) ?? null;
    const submitted = snapshot ? new Map([...snapshot.outputs, ...snapshot.outcomes].map((f) => [f.indicator_id, f])) : null;
    const own = indicatorsOf.get(r.project_id) ?? [];
    if (own.length === 0) return [{ ...base, indicator: null, target: null, actual: null, comment: null, rag: null }];
    return own.map((i): QuarterFigureRow => {
      const figure = submitted?.get(i.id);
      const planned = (JSON.parse(i.targets_json) as Record<string, number>)[r.quarter];
      const target = figure ? figure.target : typeof planned === "number" ? planned : null;
      const actual = figure?.actual ?? null;
      return {
        ...base,
        indicator: { name: i.name, kind: i.kind, unit: i.unit, direction: i.direction },
        target,
        actual,
        comment: figure?.comment ?? null,
        rag: actual !== null && target !== null ? indicatorRag({ actual, target, direction: i.direction }, thresholds).rag : null,
      };
    });
  });
}
