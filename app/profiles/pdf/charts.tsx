// The profile's charts in the PDF, drawn with react-pdf's SVG primitives from the same
// geometry as the web page's SVG (../charts), each followed by its figures as a small table.
import { Circle, G, Line, Path, Rect, Svg, Text, View } from "@react-pdf/renderer";
import { formatPence } from "~/lib/money";
import { CHART_COLOURS, compactQuarter, RAG_COLOURS, RAG_GROUPS, ragChart, spendChart, trendChart, type RagGroupKey, type TextLabel } from "../charts";
import { formatCount, RAG_WORDS, RAGS } from "../labels";
import type { ProfileContextSeries, ProfileSpendQuarter, RagCounts } from "../types";
import { Table } from "./parts";
import { styles } from "./styles";

// react-pdf reads an SVG text's size from its props (inherited like SVG attributes), which its
// typings leave out.
function fontProps(fontSize: number, bold = false): object {
  return { fontSize, fontFamily: bold ? "Helvetica-Bold" : "Helvetica" };
}

function SvgLabel({ label, fontSize, bold, colour = CHART_COLOURS.text }: { label: TextLabel; fontSize: number; bold?: boolean; colour?: string }) {
  return (
    <Text x={label.x} y={label.y} textAnchor={label.anchor} fill={colour} {...fontProps(fontSize, bold)}>
      {label.text}
    </Text>
  );
}

/** The spend chart; `withTable: false` where the figures are in a table of their own (the trend's). */
export function PdfSpendChart({ quarters, width, title = "Approved spend against profile, by quarter", withTable = true, height = 150 }: {
  quarters: readonly ProfileSpendQuarter[]; width: number; title?: string; withTable?: boolean; height?: number;
}) {
  const chart = spendChart(quarters, { width, height, fontSize: quarters.length > 4 ? 6 : 7 });
  const f = chart.fontSize;
  return (
    <View wrap={false}>
      <Text style={styles.h3}>{title}</Text>
      <Svg width={chart.width} height={chart.height} viewBox={`0 0 ${chart.width} ${chart.height}`}>
        {chart.yTicks.map((t) => (
          <G key={t.value}>
            <Line x1={chart.plot.left} x2={chart.plot.right} y1={t.y} y2={t.y} stroke={CHART_COLOURS.grid} strokeWidth={0.5} />
            <SvgLabel label={{ x: chart.plot.left - 4, y: t.y + f * 0.35, text: t.label, anchor: "end" }} fontSize={f} colour={CHART_COLOURS.axis} />
          </G>
        ))}
        {chart.bars.filter((b) => b.height > 0).map((b) => (
          <Rect key={b.quarter} x={b.x} y={b.y} width={b.width} height={b.height} fill={CHART_COLOURS.bar} />
        ))}
        {chart.profilePath ? <Path d={chart.profilePath} fill="none" stroke={CHART_COLOURS.profile} strokeWidth={1.5} /> : null}
        {chart.profilePoints.map((p) => (
          <Rect key={p.quarter} x={p.x - 3} y={p.y - 3} width={6} height={6} fill="#ffffff" stroke={CHART_COLOURS.profile} strokeWidth={1.5} />
        ))}
        <Line x1={chart.plot.left} x2={chart.plot.right} y1={chart.plot.bottom} y2={chart.plot.bottom} stroke={CHART_COLOURS.axis} strokeWidth={0.75} />
        {chart.xLabels.map((l) => <SvgLabel key={l.text} label={l} fontSize={f} />)}
        <Rect x={chart.legend.bar.swatch.x} y={chart.legend.bar.swatch.y} width={f} height={f} fill={CHART_COLOURS.bar} />
        <SvgLabel label={chart.legend.bar} fontSize={f} />
        <Line
          x1={chart.legend.profile.swatch.x - 2}
          x2={chart.legend.profile.swatch.x + f + 2}
          y1={chart.legend.profile.swatch.y + f / 2}
          y2={chart.legend.profile.swatch.y + f / 2}
          stroke={CHART_COLOURS.profile}
          strokeWidth={1.5}
        />
        <Rect x={chart.legend.profile.swatch.x + 1.5} y={chart.legend.profile.swatch.y + 1.5} width={f - 3} height={f - 3} fill="#ffffff" stroke={CHART_COLOURS.profile} strokeWidth={1.5} />
        <SvgLabel label={chart.legend.profile} fontSize={f} />
      </Svg>
      {withTable ? <Table
        caption="Approved spend and profile by quarter"
        columns={[{ header: "Quarter", width: 30 }, { header: "Approved spend", width: 35, numeric: true }, { header: "Profile", width: 35, numeric: true }]}
        rows={quarters.map((q) => ({
          key: q.quarter,
          cells: [q.quarter, q.actualPence === null ? "Not yet reported" : formatPence(q.actualPence), formatPence(q.profilePence)],
        }))}
      /> : null}
    </View>
  );
}

export function PdfRagChart({ counts, width }: { counts: Record<RagGroupKey, RagCounts>; width: number }) {
  const chart = ragChart(counts, { width, fontSize: 7 });
  return (
    <View wrap={false}>
      <Text style={styles.h3}>Projects by RAG rating this quarter</Text>
      <Svg width={chart.width} height={chart.height} viewBox={`0 0 ${chart.width} ${chart.height}`}>
        {chart.groups.map((g) => (
          <G key={g.key}>
            <SvgLabel label={g.label} fontSize={chart.fontSize} bold />
            {g.bars.map((b) => (
              <G key={b.rag}>
                {b.width > 0 ? <Rect x={b.x} y={b.y} width={b.width} height={b.height} fill={RAG_COLOURS[b.rag]} /> : null}
                <SvgLabel label={b.label} fontSize={chart.fontSize} />
              </G>
            ))}
          </G>
        ))}
      </Svg>
      <Table
        caption="Projects by RAG rating"
        columns={[{ header: "Column", width: 34 }, ...RAGS.map((r) => ({ header: RAG_WORDS[r], width: 22, numeric: true }))]}
        rows={RAG_GROUPS.map((g) => ({ key: g.key, cells: [g.label, ...RAGS.map((r) => formatCount(counts[g.key][r]))] }))}
      />
    </View>
  );
}

/** A line over quarters with its figures beneath; `format` writes a figure (counts by default). */
export function PdfTrendChart({ series, width, format = formatCount, withTable = true }: {
  series: ProfileContextSeries; width: number; format?: (n: number) => string; withTable?: boolean;
}) {
  const chart = trendChart(series.points, { width, height: 85, fontSize: 6 });
  const share = 100 / series.points.length;
  return (
    <View wrap={false}>
      <Text style={[styles.bold, { fontSize: 8.5, marginBottom: 2 }]}>{series.name}</Text>
      <Svg width={chart.width} height={chart.height} viewBox={`0 0 ${chart.width} ${chart.height}`}>
        {chart.yTicks.map((t) => (
          <G key={t.value}>
            <Line x1={chart.plot.left} x2={chart.plot.right} y1={t.y} y2={t.y} stroke={CHART_COLOURS.grid} strokeWidth={0.5} />
            <SvgLabel label={{ x: chart.plot.left - 3, y: t.y + chart.fontSize * 0.35, text: t.label, anchor: "end" }} fontSize={chart.fontSize} colour={CHART_COLOURS.axis} />
          </G>
        ))}
        {chart.paths.map((d) => <Path key={d} d={d} fill="none" stroke={CHART_COLOURS.line} strokeWidth={1.25} />)}
        {chart.points.map((p) => (p.y === null ? null : <Circle key={p.quarter} cx={p.x} cy={p.y} r={1.8} fill={CHART_COLOURS.line} />))}
        {chart.xLabels.map((l) => <SvgLabel key={l.text} label={l} fontSize={chart.fontSize} />)}
      </Svg>
      {withTable ? <View>
      <View style={styles.tableHeader}>
        {series.points.map((p) => (
          <Text key={p.quarter} style={[styles.th, { width: `${share}%`, fontSize: 6, paddingHorizontal: 1, textAlign: "center" }]}>{compactQuarter(p.quarter)}</Text>
        ))}
      </View>
      <View style={styles.tableRow}>
        {series.points.map((p) => (
          <Text key={p.quarter} style={[styles.td, { width: `${share}%`, fontSize: 6.5, paddingHorizontal: 1, textAlign: "center" }]}>{p.value === null ? "–" : format(p.value)}</Text>
        ))}
      </View>
      </View> : null}
    </View>
  );
}
