// A project's indicators on its page: each with its definition, how it is measured, its
// baseline and any unit cost it counts against (with a link for officers who may set one),
// then the targets by quarter.
import { Link } from "@remix-run/react";
import { TableWrapper } from "~/components/lists";
import { formatFigure } from "~/lib/figures";
import type { IndicatorDirection, IndicatorMeasure } from "../../../db/schema";
import { INDICATOR_DIRECTION_LABELS, INDICATOR_KIND_LABELS, INDICATOR_MEASURE_LABELS, INDICATOR_UNIT_LABELS, type IndicatorKind, type IndicatorUnit } from "~/schemas/projects";

export interface ListedIndicator {
  id: string;
  kind: string;
  name: string;
  definition: string;
  unit: string;
  measure: IndicatorMeasure;
  direction: IndicatorDirection;
  baseline: number | null;
  targets: Record<string, number>;
}

export interface IndicatorCostLink {
  linkable: boolean;
  unitCost: { code: string; item: string; deadweightPercent: number; attributionPercent: number; optimismBiasPercent: number } | null;
}

/** A figure as the page shows it, or a dash where there is none. */
const figure = (value: number | null | undefined, unit: string): string => formatFigure(value, unit) || "–";

export function IndicatorList({ indicators, quarters, costLinks, canLinkCosts, base }: {
  indicators: ListedIndicator[];
  quarters: string[];
  costLinks: Record<string, IndicatorCostLink>;
  canLinkCosts: boolean;
  /** The project page's address. */
  base: string;
}) {
  if (!indicators.length) return <p className="govuk-body">No indicators have been set.</p>;
  return (
    <>
      <dl className="govuk-summary-list">
        {indicators.map((i, index) => {
          const cost = costLinks[i.id];
          const mayLink = canLinkCosts && !!cost && (cost.linkable || !!cost.unitCost);
          return (
            <div className={`govuk-summary-list__row${canLinkCosts && !mayLink ? " govuk-summary-list__row--no-actions" : ""}`} key={i.id}>
              <dt className="govuk-summary-list__key">
                {index + 1}. {i.name}
              </dt>
              <dd className="govuk-summary-list__value">
                <p className="govuk-body">{i.definition}</p>
                <p className="govuk-body-s">
                  {INDICATOR_KIND_LABELS[i.kind as IndicatorKind] ?? i.kind}; {INDICATOR_UNIT_LABELS[i.unit as IndicatorUnit] ?? i.unit};{" "}
                  {INDICATOR_MEASURE_LABELS[i.measure]}; {INDICATOR_DIRECTION_LABELS[i.direction]}; baseline {figure(i.baseline, i.unit)}
                </p>
                {cost?.unitCost ? (
                  <p className="govuk-body-s">
                    Counts towards estimated costs avoided against unit cost {cost.unitCost.code}, {cost.unitCost.item} (deadweight{" "}
                    {cost.unitCost.deadweightPercent}%, attribution {cost.unitCost.attributionPercent}%, optimism bias {cost.unitCost.optimismBiasPercent}%)
                  </p>
                ) : null}
              </dd>
              {mayLink ? (
                <dd className="govuk-summary-list__actions">
                  <Link className="govuk-link" to={`${base}/indicators/${i.id}/value`}>
                    {cost?.unitCost ? "Change" : "Link to a unit cost"}<span className="govuk-visually-hidden"> for {i.name}</span>
                  </Link>
                </dd>
              ) : null}
            </div>
          );
        })}
      </dl>
      <TableWrapper caption="Targets by quarter">
        <table className="govuk-table">
          <caption className="govuk-table__caption govuk-table__caption--s">Targets by quarter</caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">Indicator</th>
              {quarters.map((q) => (
                <th key={q} scope="col" className="govuk-table__header govuk-table__header--numeric">{q}</th>
              ))}
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {indicators.map((i) => (
              <tr className="govuk-table__row" key={i.id}>
                <th scope="row" className="govuk-table__header">{i.name}</th>
                {quarters.map((q) => (
                  <td key={q} className="govuk-table__cell govuk-table__cell--numeric">{figure(i.targets[q], i.unit)}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrapper>
    </>
  );
}
