// The district performance profile on the web: the same sections, in the same order and with
// the same figures, as the PDF. It renders a computed (or frozen) DistrictProfile and never
// works a figure out itself. Officers' controls (agreed actions, case studies) come in through
// `curate`, so a published profile renders without them.
import { Link } from "@remix-run/react";
import type { ReactNode } from "react";
import { TableWrapper } from "~/components/lists";
import { ContextTrendChart, RagCountsChart, SpendProfileChart } from "~/components/profile-charts";
import { ComparisonTable, TrendSection } from "~/components/profile-trend";
import { formatDate } from "~/lib/dates";
import { formatPence, formatWholePounds } from "~/lib/money";
import { formatPercent, formatVariance } from "~/lib/percent";
import {
  costAvoidedCoverage, costAvoidedMethodNote, costAvoidedText, formatCount, formatPerPound, overallRatingText, per10000Text, populationReachText, recommendationText, RAG_WORDS, reachCountText, reachDetailText, RETURN_STATUS_WORDS,
  TREND_WORDS, visitAndAssessmentText,
} from "~/profiles/labels";
import type { DistrictProfile, ProfileColumn, Rag } from "~/profiles/types";
import { AGE_BAND_LABELS } from "~/schemas/returns";

const RAG_TAG: Record<Rag, string> = {
  green: "govuk-tag govuk-tag--green",
  amber: "govuk-tag govuk-tag--yellow",
  red: "govuk-tag govuk-tag--red",
};


function Table({ caption, children }: { caption: string; children: ReactNode }) {
  return (
    <TableWrapper caption={caption}>
      <table className="govuk-table">
        <caption className="govuk-table__caption govuk-table__caption--s">{caption}</caption>
        {children}
      </table>
    </TableWrapper>
  );
}

export function RagTag({ rag }: { rag: Rag | null }) {
  if (!rag) return <span>–</span>;
  return <strong className={`${RAG_TAG[rag]} profile-rag`}>{RAG_WORDS[rag]}</strong>;
}

/** Allocated, committed and spent by funding stream (pump priming beside the Schools Forum's money, say). */
function MoneyByStream({ headline }: { headline: DistrictProfile["headline"] }) {
  if (!headline.byFundingStream || headline.byFundingStream.length === 0) return null;
  return (
    <Table caption="Money by funding stream">
      <thead className="govuk-table__head">
        <tr className="govuk-table__row">
          <th scope="col" className="govuk-table__header">Funding stream</th>
          <th scope="col" className="govuk-table__header govuk-table__header--numeric">Allocated</th>
          <th scope="col" className="govuk-table__header govuk-table__header--numeric">Committed</th>
          <th scope="col" className="govuk-table__header govuk-table__header--numeric">Spent to date</th>
        </tr>
      </thead>
      <tbody className="govuk-table__body">
        {headline.byFundingStream.map((s) => (
          <tr className="govuk-table__row" key={s.streamId}>
            <th scope="row" className="govuk-table__header">{s.name}</th>
            <td className="govuk-table__cell govuk-table__cell--numeric">{formatWholePounds(s.allocatedPence)}</td>
            <td className="govuk-table__cell govuk-table__cell--numeric">{formatWholePounds(s.committedPence)}</td>
            <td className="govuk-table__cell govuk-table__cell--numeric">{formatWholePounds(s.spentPence)}</td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}

/** Estimated costs avoided by the service that would have borne them, with the council's and partners' shares. */
function CostAvoidedByCategory({ headline }: { headline: DistrictProfile["headline"] }) {
  if (!headline.costAvoidedByCategory || headline.costAvoidedByCategory.length === 0) return null;
  return (
    <Table caption="Estimated costs avoided by service">
      <thead className="govuk-table__head">
        <tr className="govuk-table__row">
          <th scope="col" className="govuk-table__header">Service</th>
          <th scope="col" className="govuk-table__header govuk-table__header--numeric">Estimated costs avoided</th>
          <th scope="col" className="govuk-table__header govuk-table__header--numeric">Council</th>
          <th scope="col" className="govuk-table__header govuk-table__header--numeric">Partners</th>
        </tr>
      </thead>
      <tbody className="govuk-table__body">
        {headline.costAvoidedByCategory.map((c) => (
          <tr className="govuk-table__row" key={c.category}>
            <th scope="row" className="govuk-table__header">{c.category}</th>
            <td className="govuk-table__cell govuk-table__cell--numeric">{formatWholePounds(c.totalPence)}</td>
            <td className="govuk-table__cell govuk-table__cell--numeric">{formatWholePounds(c.councilPence)}</td>
            <td className="govuk-table__cell govuk-table__cell--numeric">{formatWholePounds(c.partnersPence)}</td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}

/** The people reached this year by age: who early help is reaching. */
function ReachByAge({ headline }: { headline: DistrictProfile["headline"] }) {
  if (!headline.reachByAgeBand || headline.peopleReachedYear === 0) return null;
  return (
    <Table caption="People reached this year by age">
      <thead className="govuk-table__head">
        <tr className="govuk-table__row">
          <th scope="col" className="govuk-table__header">Age</th>
          <th scope="col" className="govuk-table__header govuk-table__header--numeric">People</th>
          <th scope="col" className="govuk-table__header govuk-table__header--numeric">Share</th>
        </tr>
      </thead>
      <tbody className="govuk-table__body">
        {headline.reachByAgeBand.map((b) => (
          <tr className="govuk-table__row" key={b.band}>
            <th scope="row" className="govuk-table__header">{AGE_BAND_LABELS[b.band]}</th>
            <td className="govuk-table__cell govuk-table__cell--numeric">{reachCountText(b.people)}</td>
            <td className="govuk-table__cell govuk-table__cell--numeric">{b.people === null ? "–" : formatPercent((b.people / headline.peopleReachedYear) * 100)}</td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}

function Figure({ label, value, detail }: { label: string; value: string; detail?: ReactNode }) {
  return (
    <div className="profile-figure">
      <dt className="govuk-body-s govuk-!-margin-bottom-1">{label}</dt>
      <dd className="govuk-heading-m govuk-!-margin-bottom-1">{value}</dd>
      {detail ? <dd className="govuk-body-s govuk-!-margin-bottom-0">{detail}</dd> : null}
    </div>
  );
}

function ColumnCell({ column, pending }: { column: ProfileColumn; pending: boolean }) {
  if (column.indicatorCount === 0) return <td className="govuk-table__cell">None set</td>;
  return (
    <td className="govuk-table__cell">
      <span className="govuk-!-display-block">
        Quarter: {pending ? "pending" : formatPercent(column.quarterAchievementPercent)} <RagTag rag={column.quarterRag} />{" "}
        {column.trend ? <span>({TREND_WORDS[column.trend]})</span> : null}
      </span>
      <span className="govuk-!-display-block">
        Year: {formatPercent(column.ytdAchievementPercent)} <RagTag rag={column.ytdRag} />
      </span>
    </td>
  );
}

export interface ProfileCuration {
  /** Where an agreed action is recorded: `${base}/actions/${indicatorId}?quarter=…` */
  actionHref: (indicatorId: string) => string;
  /** Where the recommendation on a project, and the district's commentary, are written. */
  recommendationHref: (projectId: string) => string;
  commentaryHref: string;
  caseStudiesHref: string;
  contextHref: string;
}

/**
 * `forPublic`: the public page's rendering of a profile that has been through the policy's
 * privacy pass, which says what was kept back rather than "none".
 */
export function ProfileView({ profile, curate, forPublic }: { profile: DistrictProfile; curate?: ProfileCuration; forPublic?: boolean }) {
  const h = profile.headline;
  const cost = h.costAvoided;
  return (
    <div className="profile">
      {profile.commentary === undefined ? null : (
        <section aria-labelledby="commentary-heading">
          <h2 className="govuk-heading-l" id="commentary-heading">Commentary</h2>
          {profile.commentary ? (
            <p className="govuk-body portal-pre-line">{profile.commentary.text}</p>
          ) : (
            <p className="govuk-body">{forPublic ? "Not published on the public pages." : "No commentary has been written for this quarter yet."}</p>
          )}
          {curate ? (
            <p className="govuk-body portal-no-print">
              <Link className="govuk-link" to={curate.commentaryHref}>{profile.commentary ? "Change the commentary" : "Write the commentary"}</Link>
            </p>
          ) : null}
        </section>
      )}
      <section aria-labelledby="headline-heading">
        <h2 className="govuk-heading-l" id="headline-heading">Headline</h2>
        <dl className="profile-figures">
          <Figure label="Allocated this year" value={formatWholePounds(h.allocatedPence)} />
          <Figure label="Committed" value={formatWholePounds(h.committedPence)} />
          <Figure
            label="Spent to date"
            value={formatWholePounds(h.spentPence)}
            detail={h.spentPercentOfCommitted === null ? undefined : `${formatPercent(h.spentPercentOfCommitted)} of committed`}
          />
          <Figure label="Projects live" value={String(h.projectsLive)} />
          <Figure label="People reached this year" value={formatCount(h.peopleReachedYear)} detail={reachDetailText(h)} />
          {h.populationReach === undefined ? null : h.populationReach === null ? (
            <Figure label="Children and young people reached" value="Not known" detail="No population aged 0 to 19 is entered for this district under context indicators." />
          ) : (
            <Figure label="Children and young people reached" value={per10000Text(h.populationReach.per10000)} detail={populationReachText(h.populationReach)} />
          )}
          <Figure
            label="Returns on time"
            value={`${h.returnsOnTime} of ${h.returnsDue}`}
            detail={`${h.returnsOutstanding} outstanding · ${h.returnsAwaitingApproval} awaiting approval`}
          />
          <Figure
            label="Estimated costs avoided"
            value={costAvoidedText(cost)}
            detail={cost.estimated === false
              ? "No outcome in this district is linked to a unit cost yet, so no costs avoided are estimated."
              : [
                `${formatPerPound(cost.perPound)} · council ${formatWholePounds(cost.councilPence)}, partners ${formatWholePounds(cost.partnersPence)}`,
                costAvoidedCoverage(cost, profile.projects.length),
              ].filter(Boolean).join(" · ")}
          />
        </dl>
        <div className="profile-charts">
          <SpendProfileChart id="spend-chart" quarters={profile.spendByQuarter} />
          <RagCountsChart id="rag-chart" counts={h.rag} />
        </div>
        <ReachByAge headline={h} />
        <MoneyByStream headline={h} />
        <CostAvoidedByCategory headline={h} />
      </section>

      {profile.comparison ? <ComparisonTable name={profile.district.name} comparison={profile.comparison} /> : null}
      {profile.trend ? <TrendSection id="trend" trend={profile.trend} /> : null}

      <section aria-labelledby="projects-heading">
        <h2 className="govuk-heading-l" id="projects-heading">Projects</h2>
        <p className="govuk-body">
          Figures come from approved returns only. Where this quarter's return is not yet approved the project is marked
          pending and its year to date runs to the last approved quarter.
        </p>
        <Table caption={`Projects in ${profile.district.name}, ${profile.quarter}`}>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">Provider and project</th>
              <th scope="col" className="govuk-table__header govuk-table__header--numeric">Award</th>
              <th scope="col" className="govuk-table__header">Spend vs profile (year to date)</th>
              <th scope="col" className="govuk-table__header">Outputs vs target</th>
              <th scope="col" className="govuk-table__header">Outcomes vs target</th>
              <th scope="col" className="govuk-table__header">Latest visit and annual assessment</th>
              <th scope="col" className="govuk-table__header">This quarter's return</th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {profile.projects.map((p) => (
              <tr className="govuk-table__row" key={p.id}>
                <th scope="row" className="govuk-table__header">
                  <span className="govuk-!-font-weight-regular govuk-!-display-block">{p.provider}</span>
                  {curate ? <Link className="govuk-link" to={`/projects/${p.id}`}>{p.title}</Link> : p.title}
                  <span className="govuk-!-font-weight-regular govuk-!-display-block govuk-body-s govuk-!-margin-bottom-0">{p.reference}</span>
                </th>
                <td className="govuk-table__cell govuk-table__cell--numeric">{formatWholePounds(p.amountPence)}</td>
                <td className="govuk-table__cell">
                  {p.spend.rag === null ? (
                    "No approved spend yet"
                  ) : (
                    <>
                      {formatPence(p.spend.ytdActualPence)} of {formatPence(p.spend.ytdProfilePence)} ({formatVariance(p.spend.variancePercent)}){" "}
                      <RagTag rag={p.spend.rag} />
                    </>
                  )}
                </td>
                <ColumnCell column={p.outputs} pending={p.pending} />
                <ColumnCell column={p.outcomes} pending={p.pending} />
                <td className="govuk-table__cell">{visitAndAssessmentText(p)}</td>
                <td className="govuk-table__cell">
                  {p.returnStatus === null ? "None due" : p.pending ? (
                    <strong className="govuk-tag govuk-tag--grey">Pending: {RETURN_STATUS_WORDS[p.returnStatus]}</strong>
                  ) : (
                    RETURN_STATUS_WORDS[p.returnStatus]
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </Table>

        <details className="govuk-details">
          <summary className="govuk-details__summary"><span className="govuk-details__summary-text">Every indicator, project by project</span></summary>
          <div className="govuk-details__text">
            {profile.projects.map((p) => (
              <Table key={p.id} caption={`${p.title}: indicators`}>
                <thead className="govuk-table__head">
                  <tr className="govuk-table__row">
                    <th scope="col" className="govuk-table__header">Indicator</th>
                    <th scope="col" className="govuk-table__header govuk-table__header--numeric">Quarter actual / target</th>
                    <th scope="col" className="govuk-table__header">Quarter</th>
                    <th scope="col" className="govuk-table__header govuk-table__header--numeric">Year to date actual / target</th>
                    <th scope="col" className="govuk-table__header">Year to date</th>
                  </tr>
                </thead>
                <tbody className="govuk-table__body">
                  {p.indicators.map((i) => (
                    <tr className="govuk-table__row" key={i.id}>
                      <th scope="row" className="govuk-table__header">
                        {i.name}
                        <span className="govuk-!-font-weight-regular govuk-!-display-block govuk-body-s govuk-!-margin-bottom-0">
                          {i.kind === "output" ? "Output" : "Outcome"}, {i.measure === "cumulative" ? "running total" : "per quarter"}, {i.direction === "lower" ? "lower is better" : "higher is better"}
                        </span>
                      </th>
                      <td className="govuk-table__cell govuk-table__cell--numeric">{i.quarterActual === null ? "–" : i.quarterActual} / {i.quarterTarget ?? "–"}</td>
                      <td className="govuk-table__cell">{formatPercent(i.quarterAchievementPercent)} <RagTag rag={i.quarterRag} /></td>
                      <td className="govuk-table__cell govuk-table__cell--numeric">{i.ytdActual} / {i.ytdTarget}</td>
                      <td className="govuk-table__cell">{formatPercent(i.ytdAchievementPercent)} <RagTag rag={i.ytdRag} /></td>
                    </tr>
                  ))}
                </tbody>
              </Table>
            ))}
          </div>
        </details>
      </section>

      {profile.projects.some((p) => p.overallRating !== undefined) ? (
        <section aria-labelledby="recommendations-heading">
          <h2 className="govuk-heading-l" id="recommendations-heading">Ratings and recommendations</h2>
          <p className="govuk-body">
            Each project's overall rating is what its figures to date and latest visit suggest, or its annual performance
            assessment if that is worse. The recommendation is the commissioning officer's, for the board to decide.
          </p>
          <Table caption="Ratings and recommendations">
            <thead className="govuk-table__head">
              <tr className="govuk-table__row">
                <th scope="col" className="govuk-table__header">Project</th>
                <th scope="col" className="govuk-table__header">Overall rating</th>
                <th scope="col" className="govuk-table__header">Recommendation</th>
                <th scope="col" className="govuk-table__header">Why</th>
              </tr>
            </thead>
            <tbody className="govuk-table__body">
              {profile.projects.map((p) => (
                <tr className="govuk-table__row" key={p.id}>
                  <th scope="row" className="govuk-table__header">{p.title}<span className="govuk-body-s govuk-!-display-block">{p.provider}</span></th>
                  <td className="govuk-table__cell">{overallRatingText(p.overallRating ?? null)}</td>
                  <td className="govuk-table__cell">
                    {recommendationText(p.recommendation ?? null, !!forPublic)}
                    {curate ? (
                      <Link className="govuk-link govuk-!-display-block portal-no-print" to={curate.recommendationHref(p.id)}>
                        {p.recommendation ? "Change" : "Recommend"}<span className="govuk-visually-hidden"> for {p.title}</span>
                      </Link>
                    ) : null}
                  </td>
                  <td className="govuk-table__cell portal-pre-line">{p.recommendation?.commentary ?? ""}</td>
                </tr>
              ))}
            </tbody>
          </Table>
        </section>
      ) : null}

      <section aria-labelledby="at-risk-heading">
        <h2 className="govuk-heading-l" id="at-risk-heading">Indicators at risk</h2>
        {profile.atRisk.length === 0 ? (
          <p className="govuk-body">No indicator has been red or amber two quarters running.</p>
        ) : (
          <Table caption="Indicators red or amber two quarters running">
            <thead className="govuk-table__head">
              <tr className="govuk-table__row">
                <th scope="col" className="govuk-table__header">Project and indicator</th>
                <th scope="col" className="govuk-table__header">Last quarter</th>
                <th scope="col" className="govuk-table__header">This quarter</th>
                {forPublic ? null : (
                  <>
                    <th scope="col" className="govuk-table__header">Provider's explanation</th>
                    <th scope="col" className="govuk-table__header">Agreed action</th>
                  </>
                )}
              </tr>
            </thead>
            <tbody className="govuk-table__body">
              {profile.atRisk.map((r) => (
                <tr className="govuk-table__row" key={r.indicatorId}>
                  <th scope="row" className="govuk-table__header">
                    <span className="govuk-!-font-weight-regular govuk-!-display-block">{r.projectTitle}</span>
                    {r.indicatorName}
                  </th>
                  <td className="govuk-table__cell">{formatPercent(r.previousAchievementPercent)} <RagTag rag={r.previousRag} /></td>
                  <td className="govuk-table__cell">{formatPercent(r.quarterAchievementPercent)} <RagTag rag={r.quarterRag} /></td>
                  {forPublic ? null : <td className="govuk-table__cell">{r.comment ?? "None given"}</td>}
                  {forPublic ? null : <td className="govuk-table__cell">
                    {r.action ? (
                      <>
                        {r.action.action}
                        <span className="govuk-!-display-block govuk-body-s govuk-!-margin-bottom-0">{r.action.owner}, by {formatDate(r.action.dueDate)}</span>
                      </>
                    ) : (
                      "None recorded"
                    )}
                    {curate ? (
                      <Link className="govuk-link govuk-!-display-block" to={curate.actionHref(r.indicatorId)}>
                        {r.action ? "Change" : "Record"} the agreed action<span className="govuk-visually-hidden"> for {r.indicatorName}</span>
                      </Link>
                    ) : null}
                  </td>}
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </section>

      <section aria-labelledby="context-heading">
        <h2 className="govuk-heading-l" id="context-heading">Context: demand for statutory services</h2>
        {profile.context.length === 0 ? (
          <p className="govuk-body">No context indicators are recorded.</p>
        ) : (
          <div className="profile-small-multiples">
            {profile.context.map((series) => (
              <ContextTrendChart key={series.indicatorId} id={`context-${series.code}`} series={series} />
            ))}
          </div>
        )}
        {curate ? <p className="govuk-body portal-no-print"><Link className="govuk-link" to={curate.contextHref}>Enter or import the context figures</Link></p> : null}
      </section>

      <section aria-labelledby="themes-heading">
        <h2 className="govuk-heading-l" id="themes-heading">Spend and people reached by theme</h2>
        <p className="govuk-body">A project with several themes counts under each, so the themes add up to more than the district's total.</p>
        <Table caption="Spend and people reached by theme, year to date">
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">Theme</th>
              <th scope="col" className="govuk-table__header govuk-table__header--numeric">Projects</th>
              <th scope="col" className="govuk-table__header govuk-table__header--numeric">Spent</th>
              <th scope="col" className="govuk-table__header govuk-table__header--numeric">People reached</th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {profile.themes.map((t) => (
              <tr className="govuk-table__row" key={t.themeId ?? "none"}>
                <th scope="row" className="govuk-table__header">{t.name}</th>
                <td className="govuk-table__cell govuk-table__cell--numeric">{t.projects}</td>
                <td className="govuk-table__cell govuk-table__cell--numeric">{formatPence(t.spentPence)}</td>
                <td className="govuk-table__cell govuk-table__cell--numeric">{formatCount(t.peopleReached)}</td>
              </tr>
            ))}
          </tbody>
        </Table>
      </section>

      <section aria-labelledby="stories-heading">
        <h2 className="govuk-heading-l" id="stories-heading">A family's story</h2>
        {forPublic ? (
          <p className="govuk-body">Families' stories are shared with the partnership board only.</p>
        ) : profile.caseStudies.length === 0 ? <p className="govuk-body">No case study has been chosen for this quarter.</p> : null}
        {profile.caseStudies.map((c) => (
          <div key={c.id} className="govuk-inset-text">
            <h3 className="govuk-heading-m">{c.title}</h3>
            <p className="govuk-body">{c.story}</p>
            <p className="govuk-body-s">
              {c.projectTitle}, {c.provider}, {c.quarter}
              {c.themes.length ? `. Themes: ${c.themes.join(", ")}` : ""}
              {c.indicators.length ? `. Outcomes it shows: ${c.indicators.join(", ")}` : ""}
            </p>
          </div>
        ))}
        {curate ? <p className="govuk-body"><Link className="govuk-link" to={curate.caseStudiesHref}>Choose the case studies</Link></p> : null}
      </section>

      <section aria-labelledby="notes-heading">
        <h2 className="govuk-heading-l" id="notes-heading">Notes</h2>
        <ul className="govuk-list govuk-list--bullet">
          <li>
            Figures come from approved returns only; anything pending is marked. Data as at {formatDate(profile.asOf)}.
          </li>
          <li>
            Outputs and outcomes are green at or above {profile.thresholds.greenPercent}% of target, amber at or above{" "}
            {profile.thresholds.amberPercent}%, red below; where lower is better, achievement is target ÷ actual. Spend is green within
            ±{profile.thresholds.spendGreenVariancePercent}% of its profile, amber within ±{profile.thresholds.spendAmberVariancePercent}%,
            red beyond. A project's outputs and outcomes columns show its weakest indicator.
          </li>
          <li>
            Estimated costs avoided are not savings: they estimate what the outcomes achieved may have spared public services,
            using published unit costs uprated to {profile.financialYearLabel} prices (by {profile.upratingDefaultPercent}% a year
            where no other rate is set), less deadweight, attribution and optimism bias. {costAvoidedMethodNote(profile)}
          </li>
        </ul>
        {profile.unitCosts.length > 0 ? (
          <Table caption="Unit costs used">
            <thead className="govuk-table__head">
              <tr className="govuk-table__row">
                <th scope="col" className="govuk-table__header">Unit cost</th>
                <th scope="col" className="govuk-table__header govuk-table__header--numeric">Value</th>
                <th scope="col" className="govuk-table__header govuk-table__header--numeric">Uprated</th>
                <th scope="col" className="govuk-table__header">Borne by</th>
                <th scope="col" className="govuk-table__header">Counted against</th>
                <th scope="col" className="govuk-table__header">Source</th>
              </tr>
            </thead>
            <tbody className="govuk-table__body">
              {profile.unitCosts.map((u) => (
                <tr className="govuk-table__row" key={u.code}>
                  <th scope="row" className="govuk-table__header">{u.item} ({u.code})</th>
                  <td className="govuk-table__cell govuk-table__cell--numeric">{formatPence(u.valuePence)} per {u.per}, {u.priceYear} prices</td>
                  <td className="govuk-table__cell govuk-table__cell--numeric">{formatPence(u.upratedValuePence)}</td>
                  <td className="govuk-table__cell">{u.bearer === "council" ? "Council" : "Partners"} ({u.agency})</td>
                  <td className="govuk-table__cell">
                    <ul className="govuk-list govuk-body-s">
                      {u.links.map((l) => (
                        <li key={`${l.projectTitle}-${l.indicatorName}`}>
                          {l.projectTitle}: {l.indicatorName}, {l.outcomes} outcomes, deadweight {l.deadweightPercent}%, attribution {l.attributionPercent}%,
                          optimism bias {l.optimismBiasPercent}%: {formatPence(l.costAvoidedPence)}
                        </li>
                      ))}
                    </ul>
                  </td>
                  <td className="govuk-table__cell">{u.source}</td>
                </tr>
              ))}
            </tbody>
          </Table>
        ) : null}
        <p className="govuk-body">Questions about this profile: <a className="govuk-link" href={`mailto:${profile.contactEmail}`}>{profile.contactEmail}</a></p>
      </section>
    </div>
  );
}
