import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { getDb } from "../../db/client";
import { getHomeData } from "~/models/home.server";
import { getSignedInUser } from "~/http/guards.server";
import { formatPence } from "~/lib/money";
import { formatDate, formatDateTime } from "~/lib/dates";
import { hasRole, ROLE_LABELS } from "~/policies/actor";

export const meta: MetaFunction = () => [{ title: "Home – Early help portal" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getSignedInUser(request);
  if (!user) return json({ user: null, home: null });
  const home = await getHomeData(getDb(), user);
  return json({
    user: { name: user.name, roles: user.roles, roleLabels: user.roles.map((r) => ROLE_LABELS[r]) },
    home,
  });
}

export default function Home() {
  const { user, home } = useLoaderData<typeof loader>();
  if (!user || !home) return <Welcome />;
  const is = (role: Parameters<typeof hasRole>[1]) => user.roles.includes(role);
  return (
    <>
      <h1 className="govuk-heading-l">
        <span className="govuk-caption-l">{user.roleLabels.join(", ") || "No role yet"}</span>
        Welcome, {user.name}
      </h1>
      {user.roles.length === 0 ? (
        <p className="govuk-body">Your account has no role yet. Ask the portal administrator to give you one.</p>
      ) : null}

      {home.admin ? (
        <section aria-labelledby="admin-heading" className="govuk-!-margin-bottom-8">
          <h2 className="govuk-heading-m" id="admin-heading">Administration</h2>
          <ul className="govuk-list govuk-list--bullet">
            <li>
              <Link className="govuk-link" to="/admin/users">{home.admin.users} active user accounts</Link>
            </li>
            <li>
              <Link className="govuk-link" to="/admin/users?status=invited">{home.admin.invitedNotAccepted} invitations not yet accepted</Link>
            </li>
            <li>{home.admin.lockedAccounts} accounts locked after failed sign-ins</li>
          </ul>
        </section>
      ) : null}

      {home.pendingOrganisations ? (
        <section aria-labelledby="pending-heading" className="govuk-!-margin-bottom-8">
          <h2 className="govuk-heading-m" id="pending-heading">Organisations waiting for approval</h2>
          {home.pendingOrganisations.length === 0 ? (
            <p className="govuk-body">No organisations are waiting for approval.</p>
          ) : (
            <ul className="govuk-list govuk-list--bullet">
              {home.pendingOrganisations.map((o) => (
                <li key={o.id}>
                  <Link className="govuk-link" to={`/organisations/${o.id}`}>{o.name}</Link>, registered {formatDate(o.createdAt)}
                </li>
              ))}
            </ul>
          )}
        </section>
      ) : null}

      {home.officerDelivery ? (
        <section aria-labelledby="delivery-heading" className="govuk-!-margin-bottom-8">
          <h2 className="govuk-heading-m" id="delivery-heading">Projects in delivery</h2>
          <ul className="govuk-list govuk-list--bullet">
            <li><Link className="govuk-link" to="/reviews?tab=awaiting">{countText(home.officerDelivery.toReview, "return", "returns")} to review</Link></li>
            <li><Link className="govuk-link" to="/reviews?tab=overdue">{countText(home.officerDelivery.overdue, "return", "returns")} overdue</Link></li>
            <li><Link className="govuk-link" to="/visits">{countText(home.officerDelivery.visitsDue, "monitoring visit", "monitoring visits")} due this year</Link></li>
            <li><Link className="govuk-link" to="/visits#actions">{countText(home.officerDelivery.openActions, "visit action", "visit actions")} open</Link></li>
          </ul>
        </section>
      ) : null}

      {home.officerTenders ? (
        <section aria-labelledby="officer-tenders-heading" className="govuk-!-margin-bottom-8">
          <h2 className="govuk-heading-m" id="officer-tenders-heading">Tenders that need you</h2>
          {home.officerTenders.length === 0 ? (
            <p className="govuk-body">No tenders in your districts need anything from you.</p>
          ) : (
            <ul className="govuk-list govuk-list--spaced">
              {home.officerTenders.map((t) => (
                <li key={t.id}>
                  <Link className="govuk-link" to={`/tenders/${t.id}`}>{t.reference}: {t.title}</Link>
                  <br />
                  <span className="govuk-hint">{t.todo}</span>
                </li>
              ))}
            </ul>
          )}
          <p className="govuk-body"><Link className="govuk-link" to="/tenders">All tenders</Link></p>
        </section>
      ) : null}

      {home.organisation ? (
        <section aria-labelledby="org-heading" className="govuk-!-margin-bottom-8">
          <h2 className="govuk-heading-m" id="org-heading">Your organisation</h2>
          <p className="govuk-body">
            <Link className="govuk-link" to={`/organisations/${home.organisation.id}`}>{home.organisation.name}</Link>
            {home.organisation.status === "approved" ? " is approved to bid for funding." : " is waiting for the council to approve its registration."}
          </p>
        </section>
      ) : null}

      {home.providerReturns ? (
        <section aria-labelledby="returns-heading" className="govuk-!-margin-bottom-8">
          <h2 className="govuk-heading-m" id="returns-heading">Quarterly returns</h2>
          {home.providerReturns.length === 0 ? (
            <p className="govuk-body">No returns are due in the next 30 days.</p>
          ) : (
            <ul className="govuk-list govuk-list--spaced">
              {home.providerReturns.map((r) => (
                <li key={r.id}>
                  <Link className="govuk-link" to={`/returns/${r.id}`}>{r.projectTitle}: {r.quarter}</Link>
                  <br />
                  <span className="govuk-hint">{r.todo}. Due {formatDate(r.dueDate)}</span>
                </li>
              ))}
            </ul>
          )}
          {home.providerProjects && home.providerProjects.length > 0 ? (
            <>
              <h3 className="govuk-heading-s">Your projects</h3>
              <ul className="govuk-list">
                {home.providerProjects.map((p) => (
                  <li key={p.id}><Link className="govuk-link" to={`/projects/${p.id}`}>{p.reference}: {p.title}</Link></li>
                ))}
              </ul>
            </>
          ) : null}
        </section>
      ) : null}

      {home.providerBids && home.providerBids.length > 0 ? (
        <section aria-labelledby="bids-heading" className="govuk-!-margin-bottom-8">
          <h2 className="govuk-heading-m" id="bids-heading">Bids that need you</h2>
          <ul className="govuk-list govuk-list--spaced">
            {home.providerBids.map((b) => (
              <li key={b.id}>
                <Link className="govuk-link" to={`/bids/${b.id}`}>{b.title}</Link> ({b.tenderReference})
                <br />
                <span className="govuk-hint">{b.todo}</span>
              </li>
            ))}
          </ul>
          {/* Only the bids with something to do are here; submitted ones waiting for a decision are on /bids. */}
          <p className="govuk-body"><Link className="govuk-link" to="/bids">All your organisation's bids</Link>, including those waiting for a decision</p>
        </section>
      ) : null}

      {home.openTenders ? (
        <section aria-labelledby="open-tenders-heading" className="govuk-!-margin-bottom-8">
          <h2 className="govuk-heading-m" id="open-tenders-heading">Open funding opportunities</h2>
          {home.openTenders.length === 0 ? (
            <p className="govuk-body">There are no open tenders at the moment.</p>
          ) : (
            <ul className="govuk-list govuk-list--spaced">
              {home.openTenders.map((t) => (
                <li key={t.id}>
                  <Link className="govuk-link" to={`/tenders/${t.id}`}>{t.reference}: {t.title}</Link>
                  <br />
                  <span className="govuk-hint">Closes {formatDateTime(t.closesAt)}</span>
                </li>
              ))}
            </ul>
          )}
          <p className="govuk-body"><Link className="govuk-link" to="/tenders">All tenders</Link></p>
        </section>
      ) : null}

      {home.panelAssignments ? (
        <section aria-labelledby="panel-heading" className="govuk-!-margin-bottom-8">
          <h2 className="govuk-heading-m" id="panel-heading">Panel work</h2>
          {home.panelAssignments.length === 0 ? (
            <p className="govuk-body">No tenders are waiting for your scores. Tenders you are asked to score appear here once they close.</p>
          ) : (
            <ul className="govuk-list govuk-list--spaced">
              {home.panelAssignments.map((a) => (
                <li key={a.tenderId}>
                  <Link className="govuk-link" to={`/panel/${a.tenderId}`}>{a.reference}: {a.title}</Link>
                  <br />
                  <span className="govuk-hint">{a.todo}</span>
                </li>
              ))}
            </ul>
          )}
        </section>
      ) : null}

      {home.districtFunding ? (
        <section aria-labelledby="funding-heading" className="govuk-!-margin-bottom-8">
          <h2 className="govuk-heading-m" id="funding-heading">
            {home.districtFundingScoped ? "Your districts" : "Districts"}: funding allocated in {home.financialYear}
          </h2>
          {home.districtFunding.length === 0 ? (
            <p className="govuk-body">You are not yet scoped to any district. Ask the portal administrator.</p>
          ) : (
            <table className="govuk-table">
              <caption className="govuk-table__caption govuk-visually-hidden">Funding allocated per district in {home.financialYear}</caption>
              <thead className="govuk-table__head">
                <tr className="govuk-table__row">
                  <th scope="col" className="govuk-table__header">District</th>
                  <th scope="col" className="govuk-table__header govuk-table__header--numeric">Allocated</th>
                </tr>
              </thead>
              <tbody className="govuk-table__body">
                {home.districtFunding.map((d) => (
                  <tr className="govuk-table__row" key={d.id}>
                    <th scope="row" className="govuk-table__header">{d.name}</th>
                    <td className="govuk-table__cell govuk-table__cell--numeric">{formatPence(d.allocatedPence)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}

        </section>
      ) : null}

      {home.publishedProfiles ? (
        <section aria-labelledby="published-heading" className="govuk-!-margin-bottom-8">
          <h2 className="govuk-heading-m" id="published-heading">Published district profiles</h2>
          {home.publishedProfiles.length === 0 ? (
            <p className="govuk-body">No district performance profile has been published yet. They will be listed here when they are.</p>
          ) : (
            <ul className="govuk-list">
              {home.publishedProfiles.map((p) => (
                <li key={p.id}>
                  <Link className="govuk-link" to={`/profiles/published/${p.id}`}>{p.districtName}, {p.quarter}</Link>
                  {p.edition > 1 ? ` (edition ${p.edition})` : ""}, published {formatDate(p.publishedAt)}
                </li>
              ))}
            </ul>
          )}
          <p className="govuk-body">
            <Link className="govuk-link" to="/profiles">All district profiles</Link>
          </p>
        </section>
      ) : null}

      {home.publishedPacks ? (
        <section aria-labelledby="packs-heading" className="govuk-!-margin-bottom-8">
          <h2 className="govuk-heading-m" id="packs-heading">County performance packs</h2>
          {home.publishedPacks.length === 0 ? (
            <p className="govuk-body">No county pack has been published yet. They will be listed here when they are.</p>
          ) : (
            <ul className="govuk-list">
              {home.publishedPacks.map((p) => (
                <li key={p.id}>
                  <a className="govuk-link" href={`/profiles/pack/${p.id}/county-pack.pdf`}>County performance pack, {p.quarter}{p.edition > 1 ? `, edition ${p.edition}` : ""} (PDF)</a>,
                  published {formatDate(p.publishedAt)}
                </li>
              ))}
            </ul>
          )}
        </section>
      ) : null}
    </>
  );
}

function countText(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

function Welcome() {
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <h1 className="govuk-heading-xl">Early help commissioning and grant monitoring</h1>
        <p className="govuk-body-l">
          Find funding for early help projects, bid for it, and report what your project achieves, all in one place.
        </p>
        <p className="govuk-body">
          The council publishes funding opportunities for family support, youth work, parenting and domestic abuse
          prevention in each district. A multi-agency panel scores the bids, and funded projects report each quarter.
        </p>
        <Link to="/sign-in" role="button" draggable="false" className="govuk-button govuk-button--start" data-module="govuk-button">
          Sign in
          <svg className="govuk-button__start-icon" xmlns="http://www.w3.org/2000/svg" width="17.5" height="19" viewBox="0 0 33 40" aria-hidden="true" focusable="false">
            <path fill="currentColor" d="M0 0h13l20 20-20 20H0l20-20z" />
          </svg>
        </Link>
        <h2 className="govuk-heading-m">Funding opportunities</h2>
        <p className="govuk-body">
          <Link className="govuk-link" to="/opportunities">See the open funding opportunities</Link>, and the ones already
          awarded, without signing in.
        </p>
        <h2 className="govuk-heading-m">Is your organisation new to the portal?</h2>
        <p className="govuk-body">
          Charities, community groups and social enterprises can <Link className="govuk-link" to="/register">register</Link>.
          The council checks each registration before the organisation can bid.
        </p>
      </div>
    </div>
  );
}
