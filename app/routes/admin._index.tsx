import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link } from "@remix-run/react";
import { requireRole } from "~/http/guards.server";

export const meta: MetaFunction = () => [{ title: "Admin – Early help portal" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "admin");
  return null;
}

const AREAS = [
  { href: "/admin/users", title: "Users", text: "Invite people, change their roles and district scope, deactivate accounts." },
  { href: "/organisations", title: "Organisations", text: "Approve providers that registered, and keep the register of organisations." },
  { href: "/admin/districts", title: "Districts", text: "The districts the programme covers, with ONS codes and partnerships." },
  { href: "/admin/funding", title: "Funding streams and allocations", text: "Where the money comes from and how much each district gets each year." },
  { href: "/admin/themes", title: "Themes", text: "The priorities projects serve." },
  { href: "/admin/context-indicators", title: "Context indicators", text: "The demand figures officers enter for each district every quarter." },
  { href: "/admin/unit-costs", title: "Unit costs", text: "What needs cost public services, for the estimated costs avoided in district profiles." },
  { href: "/admin/uprating", title: "Uprating index", text: "The yearly rates that bring unit costs to this year's prices." },
  { href: "/admin/settings", title: "Settings", text: "Council name, RAG thresholds, return due days, the visit threshold." },
  { href: "/admin/audit", title: "Audit log", text: "Who changed what, and when." },
];

export default function AdminIndex() {
  return (
    <>
      <h1 className="govuk-heading-l">Admin</h1>
      <ul className="govuk-list">
        {AREAS.map((a) => (
          <li key={a.href} className="govuk-!-margin-bottom-4">
            <h2 className="govuk-heading-s govuk-!-margin-bottom-1">
              <Link className="govuk-link" to={a.href}>{a.title}</Link>
            </h2>
            <p className="govuk-body govuk-!-margin-bottom-0">{a.text}</p>
          </li>
        ))}
      </ul>
    </>
  );
}
