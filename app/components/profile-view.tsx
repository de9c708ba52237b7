// The district performance profile on the web: the same sections, in the same order and with
// the same figures, as the PDF. It renders a computed (or frozen) DistrictProfile and never
// works a figure out itself. Officers' controls (agreed actions, case studies) come in through
// `curate`, so a published profile renders without them.
import { Link } from "@remix-run/react";
import type { ReactNode } from "react";
import { AtRiskSection, ProjectsSection, RecommendationsSection, type ProfileCuration } from "~/components/profile-projects";
import { Table } from "~/components/profile-table";
import { ContextTrendChart, RagCountsChart, SpendProfileChart } from "~/components/profile-charts";
import { ComparisonTable, TrendSection } from "~/components/profile-trend";
import { formatDate } from "~/lib/dates";
import { formatPence, formatWholePounds } from "~/lib/money";
import { formatPercent } from "~/lib/percent";
import {
  costAvoidedCoverage, costAvoidedMethodNote, costAvoidedText, formatCount, formatPerPound, per10000Text, populationReachText, reachCountText, reachDetailText,
} from "~/profiles/labels";
import type { ProfilePages } from "~/models/profiles/project-pages";
import type { DistrictProfile } from "~/profiles/types";
import { AGE_BAND_LABELS } from "~/schemas/returns";

/** Allocated, committed and spent by funding stream (pump priming beside the Schools Forum's money, say). */
function MoneyByStream({ headline }: { headline: DistrictProfile["headline"] }) {
  if (!headline.byFundingStream || headline.byFundingStream.length === 0) return null;
  return (
    <Table caption="Money by funding stream">
      <thead>
        <tr>
          <th scope="col">Funding stream</th>
          <th scope="col" className="numeric">Allocated</th>
          <th scope="col" className="numeric">Committed</th>
          <th scope="col" className="numeric">Spent to date</th>
        </tr>
      </thead>
      <tbody>
        {headline.byFundingStream.map((s) => (
          <tr key={s.streamId}>
            <th scope="row">{s.name}</th>
            <td className="numeric">{formatWholePounds(s.allocatedPence)}</td>
            <td className="numeric">{formatWholePounds(s.committedPence)}</td>
            <td className="numeric">{formatWholePounds(s.spentPence)}</td>
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
      <thead>
        <tr>
          <th scope="col">Service</th>
          <th scope="col" className="numeric">Estimated costs avoided</th>
          <th scope="col" className="numeric">Council</th>
          <th scope="col" className="numeric">Partners</th>
        </tr>
      </thead>
      <tbody>
        {headline.costAvoidedByCategory.map((c) => (
          <tr key={c.category}>
            <th scope="row">{c.category}</th>
            <td className="numeric">{formatWholePounds(c.totalPence)}</td>
            <td className="numeric">{formatWholePounds(c.councilPence)}</td>
            <td className="numeric">{formatWholePounds(c.partnersPence)}</td>
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
      <thead>
        <tr>
          <th scope="col">Age</th>
          <th scope="col" className="numeric">People</th>
          <th scope="col" className="numeric">Share</th>
        </tr>
      </thead>
      <tbody>
        {headline.reachByAgeBand.map((b) => (
          <tr key={b.band}>
            <th scope="row">{AGE_BAND_LABELS[b.band]}</th>
            <td className="numeric">{reachCountText(b.people)}</td>
            <td className="numeric">{b.people === null ? "–" : formatPercent((b.people / headline.peopleReachedYear) * 100)}</td>
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

/**
 * `forPublic`: the public page's rendering of a profile that has been through the policy's
 * privacy pass, which says what was kept back rather than "none". `pages` when
 * `profile.projects` and `profile.atRisk` are one page of each (project-pages.ts): their
 * tables say which, with links to the others.
 */
export function ProfileView({ profile, curate, forPublic, pages }: {
  profile: DistrictProfile; curate?: ProfileCuration; forPublic?: boolean; pages?: ProfilePages;
}) {
  const h = profile.headline;
  const cost = h.costAvoided;
  const projectCount = pages?.projects.total ?? profile.projects.length;
  const projectsPaged = pages && pages.projects.pageCount > 1 ? pages.projects : null;
  const risksPaged = pages && pages.atRisk.pageCount > 1 ? pages.atRisk : null;
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
                costAvoidedCoverage(cost, projectCount),
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

      <ProjectsSection profile={profile} curate={curate} paged={projectsPaged} />
      <RecommendationsSection profile={profile} curate={curate} forPublic={forPublic} paged={projectsPaged} />
      <AtRiskSection profile={profile} curate={curate} forPublic={forPublic} paged={risksPaged} />

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
          <thead>
            <tr>
              <th scope="col">Theme</th>
              <th scope="col" className="numeric">Projects</th>
              <th scope="col" className="numeric">Spent</th>
              <th scope="col" className="numeric">People reached</th>
            </tr>
          </thead>
          <tbody>
            {profile.themes.map((t) => (
              <tr key={t.themeId ?? "none"}>
                <th scope="row">{t.name}</th>
                <td className="numeric">{t.projects}</td>
                <td className="numeric">{formatPence(t.spentPence)}</td>
                <td className="numeric">{formatCount(t.peopleReached)}</td>
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
            where no other rate is set), less deadweight, attribution and optimism bias. {pages?.costAvoidedMethodNote ?? costAvoidedMethodNote(profile)}
          </li>
        </ul>
        {profile.unitCosts.length > 0 ? (
          <Table caption={projectsPaged ? `Unit costs used, counted against projects ${projectsPaged.from} to ${projectsPaged.to}` : "Unit costs used"}>
            <thead>
              <tr>
                <th scope="col">Unit cost</th>
                <th scope="col" className="numeric">Value</th>
                <th scope="col" className="numeric">Uprated</th>
                <th scope="col">Borne by</th>
                <th scope="col">Counted against</th>
                <th scope="col">Source</th>
              </tr>
            </thead>
            <tbody>
              {profile.unitCosts.map((u) => (
                <tr key={u.code}>
                  <th scope="row">{u.item} ({u.code})</th>
                  <td className="numeric">{formatPence(u.valuePence)} per {u.per}, {u.priceYear} prices</td>
                  <td className="numeric">{formatPence(u.upratedValuePence)}</td>
                  <td>{u.bearer === "council" ? "Council" : "Partners"} ({u.agency})</td>
                  <td>
                    <ul className="govuk-list govuk-body-s">
                      {u.links.map((l) => (
                        <li key={`${l.projectTitle}-${l.indicatorName}`}>
                          {l.projectTitle}: {l.indicatorName}, {l.outcomes} outcomes, deadweight {l.deadweightPercent}%, attribution {l.attributionPercent}%,
                          optimism bias {l.optimismBiasPercent}%: {formatPence(l.costAvoidedPence)}
                        </li>
                      ))}
                    </ul>
                  </td>
                  <td>{u.source}</td>
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
