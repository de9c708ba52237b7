// The profile's sections by project: the projects table with every indicator, the ratings
// and recommendations, and the indicators at risk. Each shows the page of projects (or of
// indicators at risk) it is given (app/models/profiles/project-pages.ts), with links to the
// others, or every one when the profile is not paged.
import { Link } from "@remix-run/react";
import { Pagination } from "~/components/lists";
import { RagTag, Table } from "~/components/profile-table";
import { formatDate } from "~/lib/dates";
import { formatPence, formatWholePounds } from "~/lib/money";
import { formatPercent, formatVariance } from "~/lib/percent";
import { PROFILE_PAGE_PARAMS, type Shown } from "~/models/profiles/project-pages";
import { overallRatingText, recommendationText, RETURN_STATUS_WORDS, TREND_WORDS, visitAndAssessmentText } from "~/profiles/labels";
import type { DistrictProfile, ProfileColumn } from "~/profiles/types";

function ColumnCell({ column, pending }: { column: ProfileColumn; pending: boolean }) {
  if (column.indicatorCount === 0) return <td>None set</td>;
  return (
    <td>
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

/** Officers' controls on a live profile: where each thing they curate is written. */
export interface ProfileCuration {
  /** Where an agreed action is recorded: `${base}/actions/${indicatorId}?quarter=…` */
  actionHref: (indicatorId: string) => string;
  /** Where the recommendation on a project, and the district's commentary, are written. */
  recommendationHref: (projectId: string) => string;
  commentaryHref: string;
  caseStudiesHref: string;
  contextHref: string;
}

/** Every project's row (or this page's), and each one's indicators under a details toggle. */
export function ProjectsSection({ profile, curate, paged }: { profile: DistrictProfile; curate?: ProfileCuration; paged: Shown | null }) {
  return (
        <section aria-labelledby="projects-heading">
          <h2 className="govuk-heading-l" id="projects-heading">Projects</h2>
          <p className="govuk-body">
            Figures come from approved returns only. Where this quarter's return is not yet approved the project is marked
            pending and its year to date runs to the last approved quarter.
          </p>
          {paged ? (
            <p className="govuk-body">
              Projects {paged.from} to {paged.to} of {paged.total} are shown here, and in the indicators and
              recommendations below. The PDF and the spreadsheet have every project.
            </p>
          ) : null}
          <Table caption={`Projects in ${profile.district.name}, ${profile.quarter}${paged ? `, ${paged.from} to ${paged.to} of ${paged.total}` : ""}`}>
            <thead>
              <tr>
                <th scope="col">Provider and project</th>
                <th scope="col" className="numeric">Award</th>
                <th scope="col">Spend vs profile (year to date)</th>
                <th scope="col">Outputs vs target</th>
                <th scope="col">Outcomes vs target</th>
                <th scope="col">Latest visit and annual assessment</th>
                <th scope="col">This quarter's return</th>
              </tr>
            </thead>
            <tbody>
              {profile.projects.map((p) => (
                <tr key={p.id}>
                  <th scope="row">
                    <span className="govuk-!-font-weight-regular govuk-!-display-block">{p.provider}</span>
                    {curate ? <Link className="govuk-link" to={`/projects/${p.id}`}>{p.title}</Link> : p.title}
                    <span className="sub">{p.reference}</span>
                  </th>
                  <td className="numeric">{formatWholePounds(p.amountPence)}</td>
                  <td>
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
                  <td>{visitAndAssessmentText(p)}</td>
                  <td>
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
          {paged ? (
            <Pagination
              page={paged.page} pageCount={paged.pageCount} total={paged.total} noun="projects"
              param={PROFILE_PAGE_PARAMS.projects} label="Pages of projects" fragment="projects-heading"
            />
          ) : null}

          <details className="govuk-details">
            <summary className="govuk-details__summary"><span className="govuk-details__summary-text">Every indicator, project by project</span></summary>
            <div className="govuk-details__text">
              {profile.projects.map((p) => (
                <Table key={p.id} caption={`${p.title}: indicators`}>
                  <thead>
                    <tr>
                      <th scope="col">Indicator</th>
                      <th scope="col" className="numeric">Quarter actual / target</th>
                      <th scope="col">Quarter</th>
                      <th scope="col" className="numeric">Year to date actual / target</th>
                      <th scope="col">Year to date</th>
                    </tr>
                  </thead>
                  <tbody>
                    {p.indicators.map((i) => (
                      <tr key={i.id}>
                        <th scope="row">
                          {i.name}
                          <span className="sub">
                            {i.kind === "output" ? "Output" : "Outcome"}, {i.measure === "cumulative" ? "running total" : "per quarter"}, {i.direction === "lower" ? "lower is better" : "higher is better"}
                          </span>
                        </th>
                        <td className="numeric">{i.quarterActual === null ? "–" : i.quarterActual} / {i.quarterTarget ?? "–"}</td>
                        <td>{formatPercent(i.quarterAchievementPercent)} <RagTag rag={i.quarterRag} /></td>
                        <td className="numeric">{i.ytdActual} / {i.ytdTarget}</td>
                        <td>{formatPercent(i.ytdAchievementPercent)} <RagTag rag={i.ytdRag} /></td>
                      </tr>
                    ))}
                  </tbody>
                </Table>
              ))}
            </div>
          </details>
        </section>
  );
}

/** The officer's rating and recommendation on each project, for the board to decide. */
export function RecommendationsSection({ profile, curate, forPublic, paged }: {
  profile: DistrictProfile; curate?: ProfileCuration; forPublic?: boolean; paged: Shown | null;
}) {
  return (
    <>
          {profile.projects.some((p) => p.overallRating !== undefined) ? (
            <section aria-labelledby="recommendations-heading">
              <h2 className="govuk-heading-l" id="recommendations-heading">Ratings and recommendations</h2>
              <p className="govuk-body">
                Each project's overall rating is what its figures to date and latest visit suggest, or its annual performance
                assessment if that is worse. The recommendation is the commissioning officer's, for the board to decide.
              </p>
              <Table caption={`Ratings and recommendations${paged ? `, projects ${paged.from} to ${paged.to} of ${paged.total}` : ""}`}>
                <thead>
                  <tr>
                    <th scope="col">Project</th>
                    <th scope="col">Overall rating</th>
                    <th scope="col">Recommendation</th>
                    <th scope="col">Why</th>
                  </tr>
                </thead>
                <tbody>
                  {profile.projects.map((p) => (
                    <tr key={p.id}>
                      <th scope="row">{p.title}<span className="govuk-body-s govuk-!-display-block">{p.provider}</span></th>
                      <td>{overallRatingText(p.overallRating ?? null)}</td>
                      <td>
                        {recommendationText(p.recommendation ?? null, !!forPublic)}
                        {curate ? (
                          <Link className="govuk-link govuk-!-display-block portal-no-print" to={curate.recommendationHref(p.id)}>
                            {p.recommendation ? "Change" : "Recommend"}<span className="govuk-visually-hidden"> for {p.title}</span>
                          </Link>
                        ) : null}
                      </td>
                      <td className="portal-pre-line">{p.recommendation?.commentary ?? ""}</td>
                    </tr>
                  ))}
                </tbody>
              </Table>
            </section>
          ) : null}
    </>
  );
}

/** Indicators red or amber two quarters running, with the provider's explanation and the agreed action. */
export function AtRiskSection({ profile, curate, forPublic, paged }: {
  profile: DistrictProfile; curate?: ProfileCuration; forPublic?: boolean; paged: Shown | null;
}) {
  return (
        <section aria-labelledby="at-risk-heading">
          <h2 className="govuk-heading-l" id="at-risk-heading">Indicators at risk</h2>
          {profile.atRisk.length === 0 ? (
            <p className="govuk-body">No indicator has been red or amber two quarters running.</p>
          ) : (
            <Table caption={`Indicators red or amber two quarters running${paged ? `, ${paged.from} to ${paged.to} of ${paged.total}` : ""}`}>
              <thead>
                <tr>
                  <th scope="col">Project and indicator</th>
                  <th scope="col">Last quarter</th>
                  <th scope="col">This quarter</th>
                  {forPublic ? null : (
                    <>
                      <th scope="col">Provider's explanation</th>
                      <th scope="col">Agreed action</th>
                    </>
                  )}
                </tr>
              </thead>
              <tbody>
                {profile.atRisk.map((r) => (
                  <tr key={r.indicatorId}>
                    <th scope="row">
                      <span className="govuk-!-font-weight-regular govuk-!-display-block">{r.projectTitle}</span>
                      {r.indicatorName}
                    </th>
                    <td>{formatPercent(r.previousAchievementPercent)} <RagTag rag={r.previousRag} /></td>
                    <td>{formatPercent(r.quarterAchievementPercent)} <RagTag rag={r.quarterRag} /></td>
                    {forPublic ? null : <td>{r.comment ?? "None given"}</td>}
                    {forPublic ? null : <td>
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
          {paged ? (
            <Pagination
              page={paged.page} pageCount={paged.pageCount} total={paged.total} noun="indicators at risk" one="indicator at risk"
              param={PROFILE_PAGE_PARAMS.atRisk} label="Pages of indicators at risk" fragment="at-risk-heading"
            />
          ) : null}
        </section>
  );
}
