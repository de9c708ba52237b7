// The district beside the county, and the programme's last eight quarters: charts for the
// shape, and every figure in a table (the charts' text alternatives say what they show).
import { TableWrapper } from "~/components/lists";
import { COMPARISON_MEASURES, COMPARISON_NOTE, comparisonText, RAG_GROUP_KEYS, RAG_GROUP_WORDS, rankText, TREND_FIGURES, TREND_NOTE, trendCellText, trendRagText } from "~/profiles/labels";
import type { ProfileComparison, ProfileTrendPoint } from "~/profiles/types";
import { ContextTrendChart, SpendProfileChart } from "./profile-charts";

export function ComparisonTable({ name, comparison }: { name: string; comparison: ProfileComparison }) {
  const caption = `${name} beside the county's ${comparison.districts} districts`;
  return (
    <section aria-labelledby="comparison-heading">
      <h2 className="govuk-heading-l" id="comparison-heading">{name} beside the county</h2>
      <p className="govuk-body">{COMPARISON_NOTE}</p>
      <TableWrapper caption={caption}>
        <table className="govuk-table">
          <caption className="govuk-table__caption govuk-table__caption--s">{caption}</caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">Figure</th>
              <th scope="col" className="govuk-table__header govuk-table__header--numeric">{name}</th>
              <th scope="col" className="govuk-table__header govuk-table__header--numeric">County</th>
              <th scope="col" className="govuk-table__header govuk-table__header--numeric">Median district</th>
              <th scope="col" className="govuk-table__header govuk-table__header--numeric">Rank</th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {comparison.rows.map((r) => (
              <tr className="govuk-table__row" key={r.key}>
                <th scope="row" className="govuk-table__header">{COMPARISON_MEASURES[r.key].label}</th>
                <td className="govuk-table__cell govuk-table__cell--numeric">{comparisonText(r.key, r.district)}</td>
                <td className="govuk-table__cell govuk-table__cell--numeric">{comparisonText(r.key, r.county)}</td>
                <td className="govuk-table__cell govuk-table__cell--numeric">{comparisonText(r.key, r.median)}</td>
                <td className="govuk-table__cell govuk-table__cell--numeric">{rankText(r.rank, r.of)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrapper>
    </section>
  );
}

const series = (id: string, name: string, trend: readonly ProfileTrendPoint[], value: (t: ProfileTrendPoint) => number | null) => ({
  indicatorId: id, code: id, name, points: trend.map((t) => ({ quarter: t.quarter, value: value(t) })),
});

/** `id` keeps the charts' ids apart where a page holds more than one trend. */
export function TrendSection({ id, trend, title = "Trend over eight quarters" }: { id: string; trend: readonly ProfileTrendPoint[]; title?: string }) {
  if (trend.length === 0) return null;
  const caption = `${title}, ${trend[0].quarter} to ${trend[trend.length - 1].quarter}`;
  return (
    <section aria-labelledby={`${id}-heading`}>
      <h2 className="govuk-heading-l" id={`${id}-heading`}>{title}</h2>
      <p className="govuk-body">{TREND_NOTE}</p>
      <div className="profile-charts">
        <SpendProfileChart
          id={`${id}-spend`}
          title="Approved spend against profile, last eight quarters"
          quarters={trend.map((t) => ({ quarter: t.quarter, profilePence: t.spendProfilePence, actualPence: t.spendActualPence }))}
          withTable={false}
        />
        <ContextTrendChart id={`${id}-reach`} series={series("reach", "People reached in the quarter", trend, (t) => t.peopleReached)} withTable={false} size={{ width: 480, height: 240 }} />
      </div>
      <TableWrapper caption={caption}>
        <table className="govuk-table profile-trend-table">
          <caption className="govuk-table__caption govuk-table__caption--s">{caption}</caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">Figure</th>
              {trend.map((t) => <th key={t.quarter} scope="col" className="govuk-table__header govuk-table__header--numeric">{t.quarter}</th>)}
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {TREND_FIGURES.map((m) => (
              <tr className="govuk-table__row" key={m.label}>
                <th scope="row" className="govuk-table__header">{m.label}</th>
                {trend.map((t) => <td key={t.quarter} className="govuk-table__cell govuk-table__cell--numeric">{trendCellText(m, t)}</td>)}
              </tr>
            ))}
            {RAG_GROUP_KEYS.map((group) => (
              <tr className="govuk-table__row" key={group}>
                <th scope="row" className="govuk-table__header">{RAG_GROUP_WORDS[group]} rated Green, Amber, Red</th>
                {trend.map((t) => <td key={t.quarter} className="govuk-table__cell govuk-table__cell--numeric">{trendRagText(t, group)}</td>)}
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrapper>
    </section>
  );
}
