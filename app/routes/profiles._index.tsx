// Profiles: the county view (the districts side by side: live for officers and administrators,
// as published for board members) and the published profiles (for everyone who reads them).
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { getDb } from "../../db/client";
import { SortableHeader, TableWrapper } from "~/components/lists";
import { formatDateTime, ukToday } from "~/lib/dates";
import { nowIso } from "~/lib/ids.server";
import { formatWholePounds } from "~/lib/money";
import { formatPercent } from "~/lib/percent";
import { listPublications } from "~/models/profiles/publishing.server";
import { profileQuarters, quarterFromUrl } from "~/models/profiles/compute.server";
import { computeCountySummary, liveDistricts, publishedCountySummary, readCountySort } from "~/models/profiles/county.server";
import { listPublishedCountyPacks } from "~/models/profiles/county-packs.server";
import { TrendSection } from "~/components/profile-trend";
import { costAvoidedPerPoundText, costAvoidedText, formatCount } from "~/profiles/labels";
import type { CountySummary, RagCounts } from "~/profiles/types";
import { requirePermission } from "~/http/guards.server";
import { can } from "~/policies/index";
import { hasRole } from "~/policies/actor";

/**
 * A dashboard (the wide layout, root.tsx), kept as rendered and served again to the same
 * session while nothing in the portal changes (app/http/kept-pages.server.ts).
 */
export const handle = { wide: true, keepRendered: true };

export const meta: MetaFunction = () => [{ title: "District performance profiles – Early help portal" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "profiles:browse");
  const db = getDb();
  const today = ukToday();
  const url = new URL(request.url);
  const quarter = quarterFromUrl(url, today);
  const { sort, dir } = readCountySort(url);
  // Live figures only for the districts the user may see live; the published list for the
  // districts whose published profiles they may read.
  const { districtIds: live, wholeCounty } = await liveDistricts(db, user);
  // Without live figures (a board member), the quarter's published profiles side by side.
  const [county, publishedCounty, publications, packs] = await Promise.all([
    live.length ? computeCountySummary(db, { quarter, asOf: today, now: nowIso(), districtIds: live, sort, dir }) : null,
    live.length ? null : publishedCountySummary(db, user, { quarter, now: nowIso(), sort, dir }),
    listPublications(db, user),
    can(user, "county-pack:read-published") ? listPublishedCountyPacks(db) : null,
  ]);
  return json({
    quarter,
    quarters: profileQuarters(today),
    sort,
    dir,
    county: county?.summary ?? null,
    publishedCounty,
    wholeCounty,
    publications,
    packs: packs?.map((p) => ({ id: p.id, quarter: p.quarter, edition: p.edition!, publishedAt: p.publishedAt! })) ?? null,
    canBuildPack: can(user, "county-pack:build"),
    canEditContext: hasRole(user, "officer", "admin"),
  });
}

function RagCountsText({ counts }: { counts: RagCounts }) {
  return <>{counts.green} green, {counts.amber} amber, {counts.red} red</>;
}

/** The quarter to show, kept with the table's order. A plain GET form: it works without JavaScript. */
function QuarterForm({ quarter, quarters, sort, dir }: { quarter: string; quarters: string[]; sort: string; dir: string }) {
  return (
    <form method="get" className="portal-no-print">
      <input type="hidden" name="sort" value={sort} />
      <input type="hidden" name="dir" value={dir} />
      <div className="govuk-form-group">
        <label className="govuk-label" htmlFor="quarter">Quarter</label>
        <select className="govuk-select" id="quarter" name="quarter" defaultValue={quarter}>
          {quarters.map((q) => <option key={q} value={q}>{q}</option>)}
        </select>
      </div>
      <button type="submit" className="govuk-button govuk-button--secondary" data-module="govuk-button">Show quarter</button>
    </form>
  );
}

function DistrictLink({ name, to }: { name: string; to: string | null }) {
  return to ? <Link className="govuk-link" to={to}>{name}</Link> : <>{name}</>;
}

/** The districts side by side with their totals: live figures, or a quarter's published profiles. */
function CountyTable({ county, totalLabel, sort, dir, rowLink }: {
  county: CountySummary;
  totalLabel: string;
  sort: string;
  dir: "asc" | "desc";
  rowLink: (r: CountySummary["rows"][number]) => string | null;
}) {
  return (
    <TableWrapper caption={`Districts side by side, ${county.quarter}`}>
      <table className="govuk-table">
        <caption className="govuk-table__caption govuk-visually-hidden">Districts side by side, {county.quarter}</caption>
        <thead className="govuk-table__head">
          <tr className="govuk-table__row">
            <SortableHeader column="district" label="District" sort={sort} dir={dir} />
            <SortableHeader column="allocated" label="Allocated" sort={sort} dir={dir} numeric />
            <SortableHeader column="committed" label="Committed" sort={sort} dir={dir} numeric />
            <SortableHeader column="spent" label="Spent" sort={sort} dir={dir} numeric />
            <SortableHeader column="reached" label="People reached (year)" sort={sort} dir={dir} numeric />
            <th scope="col" className="govuk-table__header">Outputs, outcomes and spend (RAG)</th>
            <SortableHeader column="on-time" label="Returns on time" sort={sort} dir={dir} numeric />
            <SortableHeader column="avoided" label="Estimated costs avoided" sort={sort} dir={dir} numeric />
            <SortableHeader column="roi" label="Per £1 spent" sort={sort} dir={dir} numeric />
            <th scope="col" className="govuk-table__header">Published</th>
          </tr>
        </thead>
        <tbody className="govuk-table__body">
          {county.rows.map((r) => (
            <tr className="govuk-table__row" key={r.districtId}>
              <th scope="row" className="govuk-table__header">
                <DistrictLink name={r.districtName} to={rowLink(r)} />
              </th>
              <td className="govuk-table__cell govuk-table__cell--numeric">{formatWholePounds(r.allocatedPence)}</td>
              <td className="govuk-table__cell govuk-table__cell--numeric">{formatWholePounds(r.committedPence)}</td>
              <td className="govuk-table__cell govuk-table__cell--numeric">{formatWholePounds(r.spentPence)}</td>
              <td className="govuk-table__cell govuk-table__cell--numeric">{formatCount(r.peopleReachedYear)}</td>
              <td className="govuk-table__cell govuk-body-s">
                <span className="govuk-!-display-block">Outputs: <RagCountsText counts={r.rag.outputs} /></span>
                <span className="govuk-!-display-block">Outcomes: <RagCountsText counts={r.rag.outcomes} /></span>
                <span className="govuk-!-display-block">Spend: <RagCountsText counts={r.rag.spend} /></span>
              </td>
              <td className="govuk-table__cell govuk-table__cell--numeric">{r.returnsOnTime} of {r.returnsDue} ({formatPercent(r.onTimePercent)})</td>
              <td className="govuk-table__cell govuk-table__cell--numeric">{costAvoidedText(r.costAvoided)}</td>
              <td className="govuk-table__cell govuk-table__cell--numeric">{costAvoidedPerPoundText(r.costAvoided)}</td>
              <td className="govuk-table__cell">{r.publishedEdition ? `Edition ${r.publishedEdition}` : "Not yet"}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr className="govuk-table__row">
            <th scope="row" className="govuk-table__header">{totalLabel}</th>
            <td className="govuk-table__cell govuk-table__cell--numeric">{formatWholePounds(county.totals.allocatedPence)}</td>
            <td className="govuk-table__cell govuk-table__cell--numeric">{formatWholePounds(county.totals.committedPence)}</td>
            <td className="govuk-table__cell govuk-table__cell--numeric">{formatWholePounds(county.totals.spentPence)}</td>
            <td className="govuk-table__cell govuk-table__cell--numeric">{formatCount(county.totals.peopleReachedYear)}</td>
            <td className="govuk-table__cell govuk-body-s">
              <span className="govuk-!-display-block">Outputs: <RagCountsText counts={county.totals.rag.outputs} /></span>
              <span className="govuk-!-display-block">Outcomes: <RagCountsText counts={county.totals.rag.outcomes} /></span>
              <span className="govuk-!-display-block">Spend: <RagCountsText counts={county.totals.rag.spend} /></span>
            </td>
            <td className="govuk-table__cell govuk-table__cell--numeric">{county.totals.returnsOnTime} of {county.totals.returnsDue} ({formatPercent(county.totals.onTimePercent)})</td>
            <td className="govuk-table__cell govuk-table__cell--numeric">{costAvoidedText(county.totals.costAvoided)}</td>
            <td className="govuk-table__cell govuk-table__cell--numeric">{costAvoidedPerPoundText(county.totals.costAvoided)}</td>
            <td className="govuk-table__cell" />
          </tr>
        </tfoot>
      </table>
    </TableWrapper>
  );
}

export default function ProfilesPage() {
  const { quarter, quarters, sort, dir, county, publishedCounty, wholeCounty, publications, packs, canBuildPack, canEditContext } = useLoaderData<typeof loader>();
  const query = `?quarter=${encodeURIComponent(quarter)}`;
  return (
    <>
      <h1 className="govuk-heading-xl">District performance profiles</h1>
      {county ? (
        <section aria-labelledby="county-heading">
          <h2 className="govuk-heading-l" id="county-heading">{wholeCounty ? "The county" : "Your districts"}, {county.quarter} ({county.quarterMonths})</h2>
          <QuarterForm quarter={quarter} quarters={quarters} sort={sort} dir={dir} />
          <p className="govuk-body">
            Live figures from approved returns, as at today. Estimated costs avoided are not savings: see the notes in each profile.
          </p>
          <CountyTable county={county} totalLabel={wholeCounty ? "County" : "Total"} sort={sort} dir={dir} rowLink={(r) => `/profiles/${r.districtId}${query}`} />
          <ul className="govuk-list portal-no-print">
            <li><a className="govuk-link" href={`/profiles.xlsx${query}`} download>Download the districts as a spreadsheet (XLSX)</a></li>
            <li><a className="govuk-link" href={`/profiles.csv${query}`} download>Download the districts as CSV</a></li>
            {canBuildPack ? <li><Link className="govuk-link" to={`/profiles/pack${query}`}>Build the county pack (every district in one PDF)</Link></li> : null}
            {canEditContext ? <li><Link className="govuk-link" to="/context">Enter or import context indicators</Link></li> : null}
          </ul>
          {county.trend ? <TrendSection id="county-trend" trend={county.trend} title={wholeCounty ? "County trend over eight quarters" : "Your districts' trend over eight quarters"} /> : null}
        </section>
      ) : (
        <section aria-labelledby="county-heading">
          <h2 className="govuk-heading-l" id="county-heading">Published profiles side by side, {quarter}</h2>
          <QuarterForm quarter={quarter} quarters={quarters} sort={sort} dir={dir} />
          {publishedCounty ? (
            <>
              <p className="govuk-body">
                Each district's latest published profile for {quarter}, as published. Districts with no published profile for the quarter
                are not shown, and the totals are over those shown. Estimated costs avoided are not savings: see the notes in each profile.
              </p>
              <CountyTable county={publishedCounty} totalLabel="Total" sort={sort} dir={dir} rowLink={(r) => (r.publicationId ? `/profiles/published/${r.publicationId}` : null)} />
            </>
          ) : (
            <p className="govuk-body">No district has published its profile for {quarter} yet.</p>
          )}
        </section>
      )}

      <section aria-labelledby="published-heading">
        <h2 className="govuk-heading-l" id="published-heading">Published profiles</h2>
        {publications.length === 0 ? (
          <p className="govuk-body">No profile has been published yet.</p>
        ) : (
          <TableWrapper caption="Published profiles">
            <table className="govuk-table">
              <caption className="govuk-table__caption govuk-visually-hidden">Published profiles</caption>
              <thead className="govuk-table__head">
                <tr className="govuk-table__row">
                  <th scope="col" className="govuk-table__header">District</th>
                  <th scope="col" className="govuk-table__header">Quarter</th>
                  <th scope="col" className="govuk-table__header">Edition</th>
                  <th scope="col" className="govuk-table__header">Published</th>
                  <th scope="col" className="govuk-table__header">PDF</th>
                </tr>
              </thead>
              <tbody className="govuk-table__body">
                {publications.map((p) => (
                  <tr className="govuk-table__row" key={p.id}>
                    <th scope="row" className="govuk-table__header"><Link className="govuk-link" to={`/profiles/published/${p.id}`}>{p.districtName}</Link></th>
                    <td className="govuk-table__cell">{p.quarter}</td>
                    <td className="govuk-table__cell">{p.edition}</td>
                    <td className="govuk-table__cell">{formatDateTime(p.publishedAt)}{p.publishedBy ? ` by ${p.publishedBy}` : ""}</td>
                    <td className="govuk-table__cell">
                      <a className="govuk-link" href={`/profiles/published/${p.id}/profile.pdf`} download>
                        Download<span className="govuk-visually-hidden"> {p.districtName} {p.quarter} edition {p.edition}</span> PDF
                      </a>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrapper>
        )}
      </section>

      {packs ? (
        <section aria-labelledby="packs-heading">
          <h2 className="govuk-heading-l" id="packs-heading">Published county packs</h2>
          {packs.length === 0 ? (
            <p className="govuk-body">No county pack has been published yet.</p>
          ) : (
            <ul className="govuk-list">
              {packs.map((p) => (
                <li key={p.id}>
                  <a className="govuk-link" href={`/profiles/pack/${p.id}/county-pack.pdf`}>
                    County performance pack, {p.quarter}, edition {p.edition} (PDF)
                  </a>
                  , published {formatDateTime(p.publishedAt)}
                </li>
              ))}
            </ul>
          )}
        </section>
      ) : null}
    </>
  );
}
