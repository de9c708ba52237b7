// The profile's charts on the web: SVG drawn from the geometry in ~/profiles/charts (the PDF
// draws the same), each with a text alternative and its figures in a visible table beside it,
// so nobody needs to read a chart, or tell its colours apart, to get the numbers.
import type { ReactNode } from "react";
import { TableWrapper } from "~/components/lists";
import { formatPence } from "~/lib/money";
import {
  CHART_COLOURS,
  RAG_COLOURS,
  RAG_GROUPS,
  ragChart,
  ragChartDescription,
  spendChart,
  spendChartDescription,
  trendChart,
  trendChartDescription,
  type RagGroupKey,
  type TextLabel,
} from "~/profiles/charts";
import { formatCount, RAG_WORDS, RAGS } from "~/profiles/labels";
import type { ProfileContextSeries, ProfileSpendQuarter, RagCounts } from "~/profiles/types";

function SvgText({ label, fontSize, bold }: { label: TextLabel; fontSize: number; bold?: boolean }) {
  return (
    <text x={label.x} y={label.y} textAnchor={label.anchor} fontSize={fontSize} fill={CHART_COLOURS.text} fontWeight={bold ? 700 : undefined}>
      {label.text}
    </text>
  );
}

function ChartSvg({ id, title, description, width, height, children }: { id: string; title: string; description: string; width: number; height: number; children: ReactNode }) {
  return (
    <svg
      role="img"
      aria-labelledby={`${id}-title ${id}-desc`}
      viewBox={`0 0 ${width} ${height}`}
      width={width}
      height={height}
      className="profile-chart__svg"
      fontFamily="inherit"
    >
      <title id={`${id}-title`}>{title}</title>
      <desc id={`${id}-desc`}>{description}</desc>
      {children}
    </svg>
  );
}

function ChartTable({ caption, children }: { caption: string; children: ReactNode }) {
  return (
    <TableWrapper caption={caption}>
      <table className="govuk-table profile-table profile-chart__table">
        <caption>{caption}</caption>
        {children}
      </table>
    </TableWrapper>
  );
}

/** The spend chart; `withTable: false` where its figures are in a table of their own (the trend's). */
export function SpendProfileChart({ id, quarters, title = "Approved spend against profile, by quarter", withTable = true }: {
  id: string; quarters: readonly ProfileSpendQuarter[]; title?: string; withTable?: boolean;
}) {
  const chart = spendChart(quarters);
  return (
    <figure className="profile-chart" aria-labelledby={`${id}-caption`}>
      <figcaption id={`${id}-caption`} className="govuk-heading-s">{title}</figcaption>
      <ChartSvg id={id} title={title} description={spendChartDescription(quarters)} width={chart.width} height={chart.height}>
        {chart.yTicks.map((t) => (
          <g key={t.value}>
            <line x1={chart.plot.left} x2={chart.plot.right} y1={t.y} y2={t.y} stroke={CHART_COLOURS.grid} strokeWidth={1} />
            <text x={chart.plot.left - 6} y={t.y + chart.fontSize * 0.35} textAnchor="end" fontSize={chart.fontSize} fill={CHART_COLOURS.axis}>{t.label}</text>
          </g>
        ))}
        {chart.bars.map((b) => (b.height > 0 ? <rect key={b.quarter} x={b.x} y={b.y} width={b.width} height={b.height} fill={CHART_COLOURS.bar} /> : null))}
        <path d={chart.profilePath} fill="none" stroke={CHART_COLOURS.profile} strokeWidth={2} />
        {chart.profilePoints.map((p) => (
          <rect key={p.quarter} x={p.x - 4} y={p.y - 4} width={8} height={8} fill="#ffffff" stroke={CHART_COLOURS.profile} strokeWidth={2} />
        ))}
        <line x1={chart.plot.left} x2={chart.plot.right} y1={chart.plot.bottom} y2={chart.plot.bottom} stroke={CHART_COLOURS.axis} strokeWidth={1} />
        {chart.xLabels.map((l) => <SvgText key={l.text} label={l} fontSize={chart.fontSize} />)}
        <rect x={chart.legend.bar.swatch.x} y={chart.legend.bar.swatch.y} width={chart.fontSize} height={chart.fontSize} fill={CHART_COLOURS.bar} />
        <SvgText label={chart.legend.bar} fontSize={chart.fontSize} />
        <line
          x1={chart.legend.profile.swatch.x - 2}
          x2={chart.legend.profile.swatch.x + chart.fontSize + 2}
          y1={chart.legend.profile.swatch.y + chart.fontSize / 2}
          y2={chart.legend.profile.swatch.y + chart.fontSize / 2}
          stroke={CHART_COLOURS.profile}
          strokeWidth={2}
        />
        <rect x={chart.legend.profile.swatch.x + 2} y={chart.legend.profile.swatch.y + 2} width={chart.fontSize - 4} height={chart.fontSize - 4} fill="#ffffff" stroke={CHART_COLOURS.profile} strokeWidth={2} />
        <SvgText label={chart.legend.profile} fontSize={chart.fontSize} />
      </ChartSvg>
      {withTable ? <ChartTable caption="Approved spend and profile by quarter">
        <thead>
          <tr>
            <th scope="col">Quarter</th>
            <th scope="col" className="numeric">Approved spend</th>
            <th scope="col" className="numeric">Profile</th>
          </tr>
        </thead>
        <tbody>
          {quarters.map((q) => (
            <tr key={q.quarter}>
              <th scope="row">{q.quarter}</th>
              <td className="numeric">{q.actualPence === null ? "Not yet reported" : formatPence(q.actualPence)}</td>
              <td className="numeric">{formatPence(q.profilePence)}</td>
            </tr>
          ))}
        </tbody>
      </ChartTable> : null}
    </figure>
  );
}

export function RagCountsChart({ id, counts }: { id: string; counts: Record<RagGroupKey, RagCounts> }) {
  const chart = ragChart(counts, { width: 480 });
  const title = "Projects by RAG rating this quarter";
  return (
    <figure className="profile-chart" aria-labelledby={`${id}-caption`}>
      <figcaption id={`${id}-caption`} className="govuk-heading-s">{title}</figcaption>
      <ChartSvg id={id} title={title} description={ragChartDescription(counts)} width={chart.width} height={chart.height}>
        {chart.groups.map((g) => (
          <g key={g.key}>
            <SvgText label={g.label} fontSize={chart.fontSize} bold />
            {g.bars.map((b) => (
              <g key={b.rag}>
                {b.width > 0 ? <rect x={b.x} y={b.y} width={b.width} height={b.height} fill={RAG_COLOURS[b.rag]} /> : null}
                <SvgText label={b.label} fontSize={chart.fontSize} />
              </g>
            ))}
          </g>
        ))}
      </ChartSvg>
      <ChartTable caption="Projects by RAG rating this quarter">
        <thead>
          <tr>
            <th scope="col">Column</th>
            {RAGS.map((r) => (
              <th key={r} scope="col" className="numeric">{RAG_WORDS[r]}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {RAG_GROUPS.map((g) => (
            <tr key={g.key}>
              <th scope="row">{g.label}</th>
              {RAGS.map((r) => (
                <td key={r} className="numeric">{formatCount(counts[g.key][r])}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </ChartTable>
    </figure>
  );
}

/** A line over quarters; `withTable: false` where its figures are in a table of their own (the trend's). */
export function ContextTrendChart({ id, series, withTable = true, size }: { id: string; series: ProfileContextSeries; withTable?: boolean; size?: { width: number; height: number } }) {
  const chart = trendChart(series.points, size);
  return (
    <figure className="profile-chart profile-chart--small" aria-labelledby={`${id}-caption`}>
      <figcaption id={`${id}-caption`} className="govuk-heading-s">{series.name}</figcaption>
      <ChartSvg id={id} title={`${series.name}, last ${series.points.length} quarters`} description={trendChartDescription(series)} width={chart.width} height={chart.height}>
        {chart.yTicks.map((t) => (
          <g key={t.value}>
            <line x1={chart.plot.left} x2={chart.plot.right} y1={t.y} y2={t.y} stroke={CHART_COLOURS.grid} strokeWidth={1} />
            <text x={chart.plot.left - 4} y={t.y + chart.fontSize * 0.35} textAnchor="end" fontSize={chart.fontSize} fill={CHART_COLOURS.axis}>{t.label}</text>
          </g>
        ))}
        {chart.paths.map((d) => <path key={d} d={d} fill="none" stroke={CHART_COLOURS.line} strokeWidth={2} />)}
        {chart.points.map((p) => (p.y === null ? null : <circle key={p.quarter} cx={p.x} cy={p.y} r={3} fill={CHART_COLOURS.line} />))}
        {chart.xLabels.map((l) => <SvgText key={l.text} label={l} fontSize={chart.fontSize} />)}
      </ChartSvg>
      {withTable ? <ChartTable caption={`${series.name} by quarter`}>
        <thead>
          <tr>
            <th scope="col">Quarter</th>
            <th scope="col" className="numeric">Figure</th>
          </tr>
        </thead>
        <tbody>
          {series.points.map((p) => (
            <tr key={p.quarter}>
              <th scope="row">{p.quarter}</th>
              <td className="numeric">{p.value === null ? "Not entered" : formatCount(p.value)}</td>
            </tr>
          ))}
        </tbody>
      </ChartTable> : null}
    </figure>
  );
}

