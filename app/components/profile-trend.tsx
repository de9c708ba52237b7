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
        <table className="govuk-table profile-table">
          <caption>{caption}</caption>
          <thead>
            <tr>
              <th scope="col">Figure</th>
              <th scope="col" className="numeric">{name}</th>
              <th scope="col" className="numeric">County</th>
              <th scope="col" className="numeric">Median district</th>
              <th scope="col" className="numeric">Rank</th>
            </tr>
          </thead>
          <tbody>
            {comparison.rows.map((r) => (
              <tr key={r.key}>
                <th scope="row">{COMPARISON_MEASURES[r.key].label}</th>
                <td className="numeric">{comparisonText(r.key, r.district)}</td>
                <td className="numeric">{comparisonText(r.key, r.county)}</td>
                <td className="numeric">{comparisonText(r.key, r.median)}</td>
                <td className="numeric">{rankText(r.rank, r.of)}</td>
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
        <table className="govuk-table profile-table profile-trend-table">
          <caption>{caption}</caption>
          <thead>
            <tr>
              <th scope="col">Figure</th>
              {trend.map((t) => <th key={t.quarter} scope="col" className="numeric">{t.quarter}</th>)}
            </tr>
          </thead>
          <tbody>
            {TREND_FIGURES.map((m) => (
              <tr key={m.label}>
                <th scope="row">{m.label}</th>
                {trend.map((t) => <td key={t.quarter} className="numeric">{trendCellText(m, t)}</td>)}
              </tr>
            ))}
            {RAG_GROUP_KEYS.map((group) => (
              <tr key={group}>
                <th scope="row">{RAG_GROUP_WORDS[group]} rated Green, Amber, Red</th>
                {trend.map((t) => <td key={t.quarter} className="numeric">{trendRagText(t, group)}</td>)}
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrapper>
    </section>
  );
}
