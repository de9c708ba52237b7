// The profile's first page after the headline: the district beside the county, and the
// programme's last eight quarters as charts over one table.
import { View } from "@react-pdf/renderer";
import { formatPercent } from "~/lib/percent";
import { COMPARISON_MEASURES, COMPARISON_NOTE, comparisonText, RAG_GROUP_KEYS, RAG_GROUP_WORDS, rankText, TREND_FIGURES, TREND_NOTE, trendCellText, trendRagText } from "../labels";
import { compactQuarter } from "../charts";
import type { ProfileComparison, ProfileTrendPoint } from "../types";
import { PdfSpendChart, PdfTrendChart } from "./charts";
import { Table, Txt } from "./parts";
import { CONTENT_WIDTH, styles } from "./styles";

export function PdfComparison({ name, comparison }: { name: string; comparison: ProfileComparison | undefined }) {
  if (!comparison) return null;
  return (
    <View wrap={false}>
      <Txt style={styles.h2}>{name} beside the county</Txt>
      <Txt style={styles.small}>{COMPARISON_NOTE}</Txt>
      <Table
        caption={`${name} beside the county's ${comparison.districts} districts`}
        columns={[
          { header: "Figure", width: 40 },
          { header: name, width: 15, numeric: true },
          { header: "County", width: 15, numeric: true },
          { header: "Median district", width: 15, numeric: true },
          { header: "Rank", width: 15, numeric: true },
        ]}
        rows={comparison.rows.map((r) => ({
          key: r.key,
          cells: [COMPARISON_MEASURES[r.key].label, comparisonText(r.key, r.district), comparisonText(r.key, r.county), comparisonText(r.key, r.median), rankText(r.rank, r.of)],
        }))}
      />
    </View>
  );
}

const series = (id: string, name: string, trend: readonly ProfileTrendPoint[], value: (t: ProfileTrendPoint) => number | null) => ({
  indicatorId: id, code: id, name, points: trend.map((t) => ({ quarter: t.quarter, value: value(t) })),
});

/** Eight quarters: spend against profile and people reached as charts, every figure in the table beneath. */
export function PdfTrend({ trend, title = "Trend over eight quarters" }: { trend: readonly ProfileTrendPoint[] | undefined; title?: string }) {
  if (!trend || trend.length === 0) return null;
  const third = (CONTENT_WIDTH - 24) / 3;
  const labelWidth = 28;
  const share = (100 - labelWidth) / trend.length;
  return (
    <View>
      <View wrap={false}>
        <Txt style={styles.h2}>{title}</Txt>
        <View style={styles.chartRow}>
          <View style={{ width: third }}>
            <PdfSpendChart
              quarters={trend.map((t) => ({ quarter: t.quarter, profilePence: t.spendProfilePence, actualPence: t.spendActualPence }))}
              width={third}
              height={110}
              title="Approved spend against profile"
              withTable={false}
            />
          </View>
          <View style={{ width: third }}>
            <Txt style={styles.h3}>People reached in the quarter</Txt>
            <PdfTrendChart series={series("reach", "", trend, (t) => t.peopleReached)} width={third} withTable={false} />
          </View>
          <View style={{ width: third }}>
            <Txt style={styles.h3}>Outcomes: median % of target</Txt>
            <PdfTrendChart series={series("outcomes", "", trend, (t) => t.outcomesPercent)} width={third} withTable={false} format={(n) => formatPercent(n)} />
          </View>
        </View>
      </View>
      <Table
        caption={`${title}, ${trend[0].quarter} to ${trend[trend.length - 1].quarter}`}
        columns={[{ header: "Figure", width: labelWidth }, ...trend.map((t) => ({ header: compactQuarter(t.quarter), width: share, numeric: true }))]}
        rows={[
          ...TREND_FIGURES.map((m) => ({ key: m.label, cells: [m.label, ...trend.map((t) => trendCellText(m, t))] })),
          ...RAG_GROUP_KEYS.map((group) => ({ key: group, cells: [`${RAG_GROUP_WORDS[group]} rated G · A · R`, ...trend.map((t) => trendRagText(t, group, " · "))] })),
        ]}
      />
      <Txt style={styles.small}>{TREND_NOTE}</Txt>
    </View>
  );
}
