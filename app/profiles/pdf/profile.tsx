// One district's profile as PDF pages, section by section as in PROFILE.md. It only lays out
// the computed profile; every figure is formatted with the same helpers as the web page.
import { Page, View } from "@react-pdf/renderer";
import type { ReactNode } from "react";
import { formatDate } from "~/lib/dates";
import { formatPence, formatWholePounds } from "~/lib/money";
import { formatPercent, formatVariance } from "~/lib/percent";
import {
  costAvoidedByCategoryText, costAvoidedCoverage, costAvoidedMethodNote, costAvoidedText, formatCount, fundingStreamsText, overallRatingText, per10000Text, populationReachText, recommendationText, formatPerPound, reachByAgeText, reachDetailText, RETURN_STATUS_WORDS, trendWord,
  visitAndAssessmentText,
} from "../labels";
import type { DistrictProfile, ProfileColumn, ProfileProject } from "../types";
import { PdfRagChart, PdfSpendChart, PdfTrendChart } from "./charts";
import { Bullet, Figure, Line, pageFrame, RagMark, Table, Txt, type PdfStatus } from "./parts";
import { CONTENT_WIDTH, styles } from "./styles";
import { PdfComparison, PdfTrend } from "./trend";

export function profileTitle(profile: Pick<DistrictProfile, "district" | "quarter">): string {
  return `${profile.district.name} district performance profile, ${profile.quarter}`;
}

function returnsText(p: DistrictProfile): string {
  const h = p.headline;
  const awaiting = h.returnsAwaitingApproval ? ` · ${h.returnsAwaitingApproval} awaiting approval` : "";
  return `${h.returnsOnTime} of ${h.returnsDue} returns on time · ${h.returnsOutstanding} outstanding${awaiting}`;
}

function Headline({ profile }: { profile: DistrictProfile }) {
  const h = profile.headline;
  return (
    <View>
      <Txt style={styles.h1}>{profile.district.name}: {profile.quarter} ({profile.quarterMonths})</Txt>
      <Txt style={styles.p}>{profile.programmeName} · {profile.district.partnershipName}</Txt>
      {profile.commentary ? (
        <View>
          <Txt style={styles.h2}>Commentary</Txt>
          <Txt style={styles.p}>{profile.commentary.text}</Txt>
        </View>
      ) : null}
      <Txt style={styles.h2}>Headline</Txt>
      <View style={styles.figures}>
        <Figure label="Allocated this year" value={formatWholePounds(h.allocatedPence)} />
        <Figure label="Committed" value={formatWholePounds(h.committedPence)} />
        <Figure
          label="Spent to date"
          value={formatWholePounds(h.spentPence)}
          detail={h.spentPercentOfCommitted === null ? undefined : `${formatPercent(h.spentPercentOfCommitted)} of committed`}
        />
        <Figure label="Projects live" value={formatCount(h.projectsLive)} />
        <Figure label="People reached this year" value={formatCount(h.peopleReachedYear)} detail={reachDetailText(h)} />
        <Figure label="Returns on time" value={`${h.returnsOnTime} of ${h.returnsDue}`} detail={returnsText(profile)} />
      </View>
    </View>
  );
}

/** Who was reached and where the money went: the headline's detail, after the trend and the comparison. */
function ReachAndMoney({ profile }: { profile: DistrictProfile }) {
  const h = profile.headline;
  const cost = h.costAvoided;
  const half = (CONTENT_WIDTH - 16) / 2;
  return (
    <View>
      <Txt style={styles.h2} minPresenceAhead={120}>Reach and money this year</Txt>
      {h.populationReach ? (
        <Txt style={styles.p}>Children and young people reached: {per10000Text(h.populationReach.per10000)} ({populationReachText(h.populationReach)})</Txt>
      ) : null}
      {reachByAgeText(h) ? <Txt style={styles.p}>People reached this year by age: {reachByAgeText(h)}</Txt> : null}
      {fundingStreamsText(h) ? <Txt style={styles.p}>By funding stream: {fundingStreamsText(h)}</Txt> : null}
      <View style={[styles.p, { borderWidth: 1, borderColor: "#b1b4b6", padding: 6 }]} wrap={false}>
        <Txt>
          <Txt style={styles.bold}>Estimated costs avoided {costAvoidedText(cost)}</Txt>
          {cost.estimated === false ? "" : ` · ${formatPerPound(cost.perPound)}`}
        </Txt>
        {cost.estimated === false ? (
          <Txt>No outcome in this district is linked to a unit cost yet, so no costs avoided are estimated.</Txt>
        ) : (
          <Txt>
            Council {formatWholePounds(cost.councilPence)} · partners {formatWholePounds(cost.partnersPence)}
            {costAvoidedCoverage(cost, profile.projects.length) ? ` · ${costAvoidedCoverage(cost, profile.projects.length)}` : ""}
          </Txt>
        )}
        {cost.estimated === false || !costAvoidedByCategoryText(h) ? null : (
          <Txt>By service: {costAvoidedByCategoryText(h)}</Txt>
        )}
      </View>
      <View style={styles.chartRow}>
        <View style={{ width: half }}>
          <PdfRagChart counts={h.rag} width={half} />
        </View>
        <View style={{ width: half }}>
          <PdfSpendChart quarters={profile.spendByQuarter} width={half} />
        </View>
      </View>
    </View>
  );
}

function ColumnCell({ column, pending }: { column: ProfileColumn; pending: boolean }) {
  if (column.indicatorCount === 0) return <Txt>None set</Txt>;
  return (
    <View>
      <Line>
        <Txt>Qtr {pending ? "Pending" : formatPercent(column.quarterAchievementPercent)} </Txt>
        {pending ? null : <RagMark rag={column.quarterRag} />}
        <Txt> {trendWord(column.trend)}</Txt>
      </Line>
      <Line>
        <Txt>YTD {formatPercent(column.ytdAchievementPercent)} </Txt>
        <RagMark rag={column.ytdRag} />
      </Line>
    </View>
  );
}

function projectRow(p: ProfileProject) {
  return {
    key: p.id,
    cells: [
      <View key="name">
        <Txt>{p.provider} · </Txt>
        <Txt style={styles.bold}>{p.title}</Txt>
        <Txt style={styles.small}>{p.reference}</Txt>
      </View>,
      formatWholePounds(p.amountPence),
      p.spend.rag === null ? (
        "No approved spend yet"
      ) : (
        <View key="spend">
          <Txt>{formatPence(p.spend.ytdActualPence)} of {formatPence(p.spend.ytdProfilePence)} ({formatVariance(p.spend.variancePercent)})</Txt>
          <RagMark rag={p.spend.rag} />
        </View>
      ),
      <ColumnCell key="outputs" column={p.outputs} pending={p.pending} />,
      <ColumnCell key="outcomes" column={p.outcomes} pending={p.pending} />,
      visitAndAssessmentText(p),
      p.returnStatus === null ? "None due" : p.pending ? `Pending: ${RETURN_STATUS_WORDS[p.returnStatus]}` : RETURN_STATUS_WORDS[p.returnStatus],
    ],
  };
}

export const PROJECT_COLUMNS = [
  { header: "Provider · project", width: 21 },
  { header: "Award", width: 9, numeric: true },
  { header: "Spend vs profile (year to date)", width: 18 },
  { header: "Outputs vs target", width: 15 },
  { header: "Outcomes vs target", width: 15 },
  { header: "Latest visit, annual assessment", width: 10 },
  { header: "This quarter's return", width: 12 },
] as const;

function Projects({ profile }: { profile: DistrictProfile }) {
  return (
    <View>
      <Txt style={styles.h2} minPresenceAhead={120}>Projects</Txt>
      <Txt style={styles.p}>
        Figures from approved returns only; pending returns are marked, and a pending project's year to date runs to its last approved quarter.
        Qtr: this quarter; YTD: year to date; Up, Down or Same: direction of travel against last quarter; – where there is none.
      </Txt>
      <Table caption={`Projects in ${profile.district.name}, ${profile.quarter}`} columns={PROJECT_COLUMNS} rows={profile.projects.map(projectRow)} keepTogether={false} />
    </View>
  );
}

/** The overall rating and the officer's recommendation on each project, for the board to decide. */
function Recommendations({ profile }: { profile: DistrictProfile }) {
  if (!profile.projects.some((p) => p.overallRating !== undefined)) return null;
  return (
    <View>
      <Txt style={styles.h2} minPresenceAhead={60}>Ratings and recommendations</Txt>
      <Txt style={styles.p}>
        Overall rating: what the figures to date and the latest visit suggest, or the annual performance assessment if worse. The
        recommendation is the commissioning officer's, for the board to decide.
      </Txt>
      <Table
        caption="Ratings and recommendations"
        columns={[
          { header: "Project", width: 30 },
          { header: "Overall rating", width: 16 },
          { header: "Recommendation", width: 18 },
          { header: "Why", width: 36 },
        ]}
        rows={profile.projects.map((p) => ({
          key: p.id,
          cells: [`${p.title} (${p.provider})`, overallRatingText(p.overallRating ?? null), recommendationText(p.recommendation ?? null), p.recommendation?.commentary ?? ""],
        }))}
      />
    </View>
  );
}

function AtRisk({ profile }: { profile: DistrictProfile }) {
  return (
    <View>
      <Txt style={styles.h2} minPresenceAhead={60}>Indicators at risk</Txt>
      {profile.atRisk.length === 0 ? (
        <Txt style={styles.p}>No indicator has been red or amber two quarters running.</Txt>
      ) : (
        <Table
          caption="Indicators red or amber two quarters running"
          columns={[
            { header: "Project · indicator", width: 22 },
            { header: "Last quarter", width: 12 },
            { header: "This quarter", width: 12 },
            { header: "Provider's explanation", width: 24 },
            { header: "Agreed action (owner, due date)", width: 30 },
          ]}
          rows={profile.atRisk.map((r) => ({
            key: `${r.projectId}-${r.indicatorId}`,
            cells: [
              <View key="name">
                <Txt>{r.projectTitle} · </Txt>
                <Txt style={styles.bold}>{r.indicatorName}</Txt>
              </View>,
              <View key="prev">
                <Txt>{r.previousQuarter}: {formatPercent(r.previousAchievementPercent)}</Txt>
                <RagMark rag={r.previousRag} />
              </View>,
              <View key="now">
                <Txt>{profile.quarter}: {formatPercent(r.quarterAchievementPercent)}</Txt>
                <RagMark rag={r.quarterRag} />
              </View>,
              r.comment ?? "None given",
              r.action ? (
                <View key="action">
                  <Txt>{r.action.action}</Txt>
                  <Txt style={styles.small}>{r.action.owner}, by {formatDate(r.action.dueDate)}</Txt>
                </View>
              ) : (
                "None recorded"
              ),
            ],
          }))}
        />
      )}
    </View>
  );
}

function pairs<T>(items: readonly T[]): T[][] {
  return Array.from({ length: Math.ceil(items.length / 2) }, (_, i) => items.slice(i * 2, i * 2 + 2));
}

function ContextAndThemes({ profile }: { profile: DistrictProfile }) {
  const width = (CONTENT_WIDTH * 48.5) / 100;
  return (
    <View>
      <Txt style={styles.h2} minPresenceAhead={140}>Context: demand for statutory services</Txt>
      {profile.context.length === 0 ? (
        <Txt style={styles.p}>No context indicators are recorded.</Txt>
      ) : (
        // Two charts a row, each row kept whole: a page break falls between rows, never
        // inside one (a wrapping row would move to the next page as a block).
        <View>
          {pairs(profile.context).map((pair) => (
            <View key={pair[0].indicatorId} style={styles.smallMultiples} wrap={false}>
              {pair.map((s) => (
                <View key={s.indicatorId} style={styles.smallMultiple}>
                  <PdfTrendChart series={s} width={width} />
                </View>
              ))}
            </View>
          ))}
        </View>
      )}
      <Txt style={styles.h2} minPresenceAhead={60}>Spend and people reached by theme</Txt>
      <Txt style={styles.p}>A project with several themes counts under each, so the themes add up to more than the district's total.</Txt>
      <Table
        caption="Spend and people reached by theme, year to date"
        columns={[{ header: "Theme", width: 40 }, { header: "Projects", width: 15, numeric: true }, { header: "Spent", width: 25, numeric: true }, { header: "People reached", width: 20, numeric: true }]}
        rows={profile.themes.map((t) => ({ key: t.themeId ?? "none", cells: [t.name, formatCount(t.projects), formatPence(t.spentPence), formatCount(t.peopleReached)] }))}
      />
    </View>
  );
}

function CaseStudies({ profile }: { profile: DistrictProfile }) {
  return (
    <View>
      <Txt style={styles.h2} minPresenceAhead={80}>A family's story</Txt>
      {profile.caseStudies.length === 0 ? <Txt style={styles.p}>No case study has been chosen for this quarter.</Txt> : null}
      {profile.caseStudies.map((c) => (
        <View key={c.id} style={styles.caseStudy} wrap={false}>
          <Txt style={styles.h3}>{c.title}</Txt>
          <Txt style={styles.p}>{c.story}</Txt>
          <Txt style={styles.small}>
            {c.projectTitle}, {c.provider}, {c.quarter}
            {c.themes.length ? `. Themes: ${c.themes.join(", ")}` : ""}
            {c.indicators.length ? `. Outcomes it shows: ${c.indicators.join(", ")}` : ""}
          </Txt>
        </View>
      ))}
    </View>
  );
}

function Notes({ profile }: { profile: DistrictProfile }) {
  const t = profile.thresholds;
  return (
    <View>
      <Txt style={styles.h2} minPresenceAhead={80}>Notes</Txt>
      <Bullet>Figures from approved returns only; pending returns are marked. Data as at {formatDate(profile.asOf)}.</Bullet>
      <Bullet>
        How RAG is set: outputs and outcomes are Green at or above {t.greenPercent}% of target, Amber at or above {t.amberPercent}%, Red below; where
        lower is better, achievement is target ÷ actual. Spend is Green within ±{t.spendGreenVariancePercent}% of its profile, Amber within ±
        {t.spendAmberVariancePercent}%, Red beyond. A project's outputs and outcomes columns show its weakest indicator.
      </Bullet>
      <Bullet>
        Estimated costs avoided are not savings: they estimate what the outcomes achieved may have spared public services, using published unit
        costs uprated to {profile.financialYearLabel} prices (by {profile.upratingDefaultPercent}% a year where no other rate is set), less
        deadweight, attribution and optimism bias. Nothing is taken out of any budget. {costAvoidedMethodNote(profile)}
      </Bullet>
      {profile.unitCosts.length > 0 ? (
        <Table
          caption="Unit costs used"
          columns={[
            { header: "Unit cost", width: 17 },
            { header: "Value (price year)", width: 14, numeric: true },
            { header: "Uprated", width: 10, numeric: true },
            { header: "Borne by", width: 14 },
            { header: "Counted against (deadweight, attribution, optimism bias)", width: 27 },
            { header: "Source", width: 18 },
          ]}
          rows={profile.unitCosts.map((u) => ({
            key: u.code,
            cells: [
              `${u.item} (${u.code})`,
              `${formatPence(u.valuePence)} per ${u.per}, ${u.priceYear} prices`,
              formatPence(u.upratedValuePence),
              `${u.bearer === "council" ? "Council" : "Partners"} (${u.agency})`,
              <View key="links">
                {u.links.map((l) => (
                  <Txt key={`${l.projectTitle}-${l.indicatorName}`} style={{ marginBottom: 2 }}>
                    {l.projectTitle}: {l.indicatorName}, {formatCount(l.outcomes)} outcomes, deadweight {l.deadweightPercent}%, attribution {l.attributionPercent}%,
                    optimism bias {l.optimismBiasPercent}%: {formatPence(l.costAvoidedPence)}
                  </Txt>
                ))}
              </View>,
              u.source,
            ],
          }))}
        />
      ) : null}
      <Txt style={styles.p}>Questions about this profile: {profile.contactEmail}</Txt>
    </View>
  );
}

/** The profile as one wrapping A4 page run; the frame repeats on each page it spans. */
export function ProfilePages({ profile, status, mark }: { profile: DistrictProfile; status: PdfStatus; mark?: ReactNode }) {
  return (
    <Page
      size="A4"
      style={styles.page}
      wrap
      layout={pageFrame({
        council: `${profile.councilName} · ${profile.programmeName}`,
        title: `${profile.district.name} district performance profile · ${profile.quarter}`,
        subtitle: profile.quarterMonths,
        generatedAt: profile.generatedAt,
        status,
      })}
    >
      {mark}
      <Headline profile={profile} />
      <PdfComparison name={profile.district.name} comparison={profile.comparison} />
      <PdfTrend trend={profile.trend} />
      <ReachAndMoney profile={profile} />
      <Projects profile={profile} />
      <Recommendations profile={profile} />
      <AtRisk profile={profile} />
      <ContextAndThemes profile={profile} />
      <CaseStudies profile={profile} />
      <Notes profile={profile} />
    </Page>
  );
}
