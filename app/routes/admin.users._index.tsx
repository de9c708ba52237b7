import type { LoaderFunctionArgs, MetaFunction, TypedResponse } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { getDb } from "../../db/client";
import { ROLES } from "../../db/schema";
import { CsvLink, FilterForm, Pagination, SortableHeader, TableWrapper } from "~/components/lists";
import { csvResponse } from "~/lib/csv.server";
import { formatDateTime } from "~/lib/dates";
import { optionParam } from "~/lib/lists";
import { parseListParams } from "~/lib/lists.server";
import { listUsers, USER_SORTS, type UserListItem } from "~/models/accounts/users.server";
import { requirePermission } from "~/http/guards.server";
import { ROLE_LABELS } from "~/policies/actor";

export const meta: MetaFunction = () => [{ title: "Users – Early help portal" }];

const STATUSES = ["active", "invited", "deactivated"] as const;

const STATUS_LABELS: Record<UserListItem["status"], string> = {
  active: "Active",
  invited: "Invited",
  deactivated: "Deactivated",
};

const STATUS_TAG_CLASSES: Record<UserListItem["status"], string> = {
  active: "govuk-tag govuk-tag--green",
  invited: "govuk-tag govuk-tag--blue",
  deactivated: "govuk-tag govuk-tag--grey",
};

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "admin:users");
  const url = new URL(request.url);
  const params = parseListParams(url, USER_SORTS, "name");
  const filters = {
    role: optionParam(url, "role", ROLES),
    status: optionParam(url, "status", STATUSES),
    organisationId: (url.searchParams.get("organisation") ?? "").trim().slice(0, 100),
  };
  const page = await listUsers(getDb(), params, filters);

  if (params.format === "csv") {
    // Typed as carrying no data, so useLoaderData keeps the page's types.
    return csvResponse(
      "users.csv",
      ["Name", "E-mail", "Organisation", "Roles", "Status", "Last sign-in", "Invited or added"],
      page.items.map((u) => [
        u.name,
        u.email,
        u.organisationName,
        u.roles.map((r) => ROLE_LABELS[r]).join("; "),
        STATUS_LABELS[u.status],
        formatDateTime(u.lastSignInAt),
        formatDateTime(u.createdAt),
      ]),
    ) as TypedResponse<never>;
  }

  return json({
    users: page.items.map((u) => ({
      ...u,
      roleLabels: u.roles.map((r) => ROLE_LABELS[r]),
      statusLabel: STATUS_LABELS[u.status],
      lastSignIn: formatDateTime(u.lastSignInAt),
    })),
    page: { page: page.page, pageCount: page.pageCount, total: page.total },
    sort: params.sort,
    dir: params.dir,
    q: params.q,
    filters,
  });
}

export default function UsersList() {
  const { users, page, sort, dir, q, filters } = useLoaderData<typeof loader>();
  return (
    <>
      <Link to="/admin" className="govuk-back-link">Back to admin</Link>
      <h1 className="govuk-heading-l">Users</h1>
      <p className="govuk-body">
        <Link to="/admin/users/new" role="button" draggable="false" className="govuk-button govuk-!-margin-bottom-0" data-module="govuk-button">
          Invite a user
        </Link>
      </p>

      <FilterForm sort={sort} dir={dir}>
        {filters.organisationId ? <input type="hidden" name="organisation" value={filters.organisationId} /> : null}
        <div className="govuk-form-group">
          <label className="govuk-label" htmlFor="q">Name or e-mail</label>
          <input className="govuk-input govuk-input--width-20" id="q" name="q" type="search" defaultValue={q} spellCheck={false} />
        </div>
        <div className="govuk-form-group">
          <label className="govuk-label" htmlFor="role">Role</label>
          <select className="govuk-select" id="role" name="role" defaultValue={filters.role}>
            <option value="">Any role</option>
            {ROLES.map((r) => (
              <option key={r} value={r}>{ROLE_LABELS[r]}</option>
            ))}
          </select>
        </div>
        <div className="govuk-form-group">
          <label className="govuk-label" htmlFor="status">Status</label>
          <select className="govuk-select" id="status" name="status" defaultValue={filters.status}>
            <option value="">Any status</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>{STATUS_LABELS[s]}</option>
            ))}
          </select>
        </div>
      </FilterForm>

      <Pagination page={page.page} pageCount={page.pageCount} total={page.total} noun="users" />

      {users.length > 0 ? (
        <TableWrapper caption="Users">
          <table className="govuk-table">
            <caption className="govuk-table__caption govuk-visually-hidden">Users</caption>
            <thead className="govuk-table__head">
              <tr className="govuk-table__row">
                <SortableHeader column="name" label="Name" sort={sort} dir={dir} />
                <SortableHeader column="email" label="E-mail" sort={sort} dir={dir} />
                <th scope="col" className="govuk-table__header">Organisation</th>
                <th scope="col" className="govuk-table__header">Roles</th>
                <SortableHeader column="status" label="Status" sort={sort} dir={dir} />
                <SortableHeader column="last_sign_in_at" label="Last sign-in" sort={sort} dir={dir} />
              </tr>
            </thead>
            <tbody className="govuk-table__body">
              {users.map((u) => (
                <tr className="govuk-table__row" key={u.id}>
                  <td className="govuk-table__cell">
                    <Link className="govuk-link" to={`/admin/users/${u.id}`}>{u.name}</Link>
                  </td>
                  <td className="govuk-table__cell">{u.email}</td>
                  <td className="govuk-table__cell">{u.organisationName ?? ""}</td>
                  <td className="govuk-table__cell">{u.roleLabels.length ? u.roleLabels.join(", ") : "No role"}</td>
                  <td className="govuk-table__cell">
                    <strong className={STATUS_TAG_CLASSES[u.status]}>{u.statusLabel}</strong>
                  </td>
                  <td className="govuk-table__cell">{u.lastSignIn || "Never"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrapper>
      ) : null}

      <CsvLink />
    </>
  );
}
