import { verifyAuditChain } from "~/models/audit/chain.server";
import type { LoaderFunctionArgs, MetaFunction, TypedResponse } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { getDb } from "../../db/client";
import { Select, TextInput } from "~/components/forms";
import { CsvLink, FilterForm, Pagination, SortableHeader, TableWrapper } from "~/components/lists";
import { csvResponse } from "~/lib/csv.server";
import { formatDateTime, parseIsoDate } from "~/lib/dates";
import type { FieldErrors } from "~/lib/forms";
import { parseListParams } from "~/lib/lists.server";
import { auditFilterOptions, listAuditEvents, type AuditFilters } from "~/models/audit/audit-log.server";
import { requirePermission } from "~/http/guards.server";
import { AUDIT_MESSAGES } from "~/schemas/audit";

export const meta: MetaFunction = () => [{ title: "Audit log – Early help portal" }];

/** Where a record's own page is, for the record types that have one. */
const RECORD_PAGES: Record<string, (id: string) => string> = {
  district: (id) => `/admin/districts/${id}`,
  funding_stream: (id) => `/admin/funding/${id}`,
  theme: (id) => `/admin/themes/${id}`,
  organisation: (id) => `/organisations/${id}`,
};

function readFilters(url: URL): { filters: AuditFilters; typed: Record<string, string>; errors: FieldErrors } {
  const get = (name: string) => (url.searchParams.get(name) ?? "").trim().slice(0, 200);
  const typed = { action: get("action"), type: get("type"), actor: get("actor"), from: get("from"), to: get("to") };
  const errors: FieldErrors = {};
  const from = typed.from ? parseIsoDate(typed.from) : "";
  const to = typed.to ? parseIsoDate(typed.to) : "";
  if (from === null) errors.from = AUDIT_MESSAGES.date;
  if (to === null) errors.to = AUDIT_MESSAGES.date;
  if (from && to && to < from) errors.to = AUDIT_MESSAGES.toBeforeFrom;
  return {
    // A date that is not one is left out rather than guessed at; the page says so beside it.
    filters: {
      action: typed.action,
      recordType: typed.type,
      actorId: typed.actor,
      from: from && !errors.from ? from : "",
      to: to && !errors.to ? to : "",
    },
    typed,
    errors,
  };
}

const json2 = (value: unknown): string => (value === null || value === undefined ? "" : JSON.stringify(value));

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "admin:audit");
  const db = getDb();
  const url = new URL(request.url);
  const params = parseListParams(url, ["created_at"] as const, "created_at", "desc");
  const { filters, typed, errors } = readFilters(url);
  const page = await listAuditEvents(db, params, filters);
  if (params.format === "csv") {
    // Typed as carrying no data, so useLoaderData keeps the page's types.
    return csvResponse(
      "audit-log.csv",
      ["Time (UTC)", "Who", "User id", "Action", "Record type", "Record id", "IP address", "Before", "After"],
      page.items.map((e) => [e.createdAt, e.actorName ?? "", e.actorUserId ?? "", e.action, e.recordType, e.recordId, e.ip ?? "", json2(e.before), json2(e.after)]),
    ) as TypedResponse<never>;
  }
  const [options, chain] = await Promise.all([auditFilterOptions(db), verifyAuditChain(db)]);
  return json({ page, params, typed, errors, options, chain });
}

function Changes({ before, after }: { before: unknown; after: unknown }) {
  if (before === null && after === null) return null;
  return (
    <details className="govuk-details govuk-!-margin-bottom-0">
      <summary className="govuk-details__summary">
        <span className="govuk-details__summary-text">Show changes</span>
      </summary>
      <div className="govuk-details__text">
        {before !== null ? (
          <>
            <h3 className="govuk-heading-s govuk-!-margin-bottom-1">Before</h3>
            <pre className="govuk-body-s portal-pre-json">{JSON.stringify(before, null, 2)}</pre>
          </>
        ) : null}
        {after !== null ? (
          <>
            <h3 className="govuk-heading-s govuk-!-margin-bottom-1">After</h3>
            <pre className="govuk-body-s portal-pre-json">{JSON.stringify(after, null, 2)}</pre>
          </>
        ) : null}
      </div>
    </details>
  );
}

export default function AuditLog() {
  const { page, params, typed, errors, options, chain } = useLoaderData<typeof loader>();
  return (
    <>
      <div className="govuk-breadcrumbs">
        <ol className="govuk-breadcrumbs__list">
          <li className="govuk-breadcrumbs__list-item"><Link className="govuk-breadcrumbs__link" to="/admin">Admin</Link></li>
        </ol>
      </div>
      <h1 className="govuk-heading-l">Audit log</h1>
      <p className="govuk-body">Every change made in the portal: who made it, when, from where, and what it changed. Newest first.</p>
      {chain.intact ? (
        <p className="govuk-body" id="audit-chain">
          <strong className="govuk-tag govuk-tag--green">Intact</strong> All {chain.events.toLocaleString("en-GB")} events are as they were written: each carries a fingerprint of itself and of the one before it.
        </p>
      ) : (
        <div className="govuk-warning-text" id="audit-chain">
          <span className="govuk-warning-text__icon" aria-hidden="true">!</span>
          <strong className="govuk-warning-text__text">
            <span className="govuk-visually-hidden">Warning</span>
            The audit log has been changed outside the portal. The first event that does not fit is
            {chain.firstBroken.seq !== null ? ` number ${chain.firstBroken.seq}` : ""}
            {chain.firstBroken.createdAt ? `, written ${formatDateTime(chain.firstBroken.createdAt)}` : ""}: {chain.firstBroken.reason}.
            The {chain.events.toLocaleString("en-GB")} events before it are intact. Tell your security team.
          </strong>
        </div>
      )}
      <FilterForm sort={params.sort} dir={params.dir}>
        <div className="govuk-grid-row">
          <div className="govuk-grid-column-one-half">
            <TextInput name="action" label="Action starts with" hint="Like allocation. or user.signed_in" defaultValue={typed.action} spellCheck={false} />
          </div>
          <div className="govuk-grid-column-one-half">
            <TextInput name="q" label="Record id contains" defaultValue={params.q} spellCheck={false} />
          </div>
        </div>
        <div className="govuk-grid-row">
          <div className="govuk-grid-column-one-half">
            <Select
              name="type"
              label="Record type"
              emptyLabel="Any record type"
              options={options.recordTypes.map((t) => ({ value: t, label: t.replace(/_/g, " ") }))}
              defaultValue={typed.type}
            />
          </div>
          <div className="govuk-grid-column-one-half">
            <Select
              name="actor"
              label="Who"
              emptyLabel="Anyone"
              options={options.actors.map((a) => ({ value: a.id, label: a.name }))}
              defaultValue={typed.actor}
            />
          </div>
        </div>
        <div className="govuk-grid-row">
          <div className="govuk-grid-column-one-half">
            <TextInput name="from" label="From (date)" hint="Like 2026-04-01" type="date" defaultValue={typed.from} error={errors.from} />
          </div>
          <div className="govuk-grid-column-one-half">
            <TextInput name="to" label="To (date)" hint="Like 2026-06-30" type="date" defaultValue={typed.to} error={errors.to} />
          </div>
        </div>
      </FilterForm>
      <Pagination page={page.page} pageCount={page.pageCount} total={page.total} noun="events" />
      {page.items.length > 0 ? (
        <TableWrapper caption="Audit log">
          <table className="govuk-table">
            <caption className="govuk-table__caption govuk-visually-hidden">Audit log</caption>
            <thead className="govuk-table__head">
              <tr className="govuk-table__row">
                <SortableHeader column="created_at" label="When" sort={params.sort} dir={params.dir} />
                <th scope="col" className="govuk-table__header">Who</th>
                <th scope="col" className="govuk-table__header">Action</th>
                <th scope="col" className="govuk-table__header">Record</th>
                <th scope="col" className="govuk-table__header">IP address</th>
                <th scope="col" className="govuk-table__header">Changes</th>
              </tr>
            </thead>
            <tbody className="govuk-table__body">
              {page.items.map((e) => {
                const href = RECORD_PAGES[e.recordType]?.(e.recordId);
                return (
                  <tr className="govuk-table__row" key={e.id}>
                    <td className="govuk-table__cell">
                      <time dateTime={e.createdAt}>{formatDateTime(e.createdAt)}</time>
                    </td>
                    <td className="govuk-table__cell">{e.actorName ?? (e.actorUserId ? "Deleted user" : "The system")}</td>
                    <td className="govuk-table__cell"><code>{e.action}</code></td>
                    <td className="govuk-table__cell">
                      {e.recordType.replace(/_/g, " ")}{" "}
                      {href ? <Link className="govuk-link" to={href}><code>{e.recordId}</code></Link> : <code>{e.recordId}</code>}
                    </td>
                    <td className="govuk-table__cell">{e.ip ?? ""}</td>
                    <td className="govuk-table__cell"><Changes before={e.before} after={e.after} /></td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </TableWrapper>
      ) : null}
      <CsvLink />
    </>
  );
}
