// The parts every list page shares: sortable column headings, paging, the CSV link.
// All plain links and GET forms, so they work without JavaScript.
import { Link, useLocation } from "@remix-run/react";
import type { ReactNode } from "react";

function withParams(search: string, changes: Record<string, string | null>): string {
  const params = new URLSearchParams(search);
  for (const [key, value] of Object.entries(changes)) {
    if (value === null) params.delete(key);
    else params.set(key, value);
  }
  const text = params.toString();
  return text ? `?${text}` : "?";
}

/** A column heading that sorts by its key; a second click reverses the order. */
export function SortableHeader({ column, label, sort, dir, numeric }: {
  column: string;
  label: string;
  sort: string;
  dir: "asc" | "desc";
  numeric?: boolean;
}) {
  const { search } = useLocation();
  const active = sort === column;
  const nextDir = active && dir === "asc" ? "desc" : "asc";
  const ariaSort = active ? (dir === "asc" ? "ascending" : "descending") : "none";
  return (
    <th scope="col" className={`govuk-table__header${numeric ? " govuk-table__header--numeric" : ""}`} aria-sort={ariaSort}>
      <Link className="portal-sort-link" to={withParams(search, { sort: column, dir: nextDir, page: null })}>
        {label}
        <span className="govuk-visually-hidden">
          {active ? `, sorted ${ariaSort}; select to sort ${nextDir === "asc" ? "ascending" : "descending"}` : ", select to sort"}
        </span>
        {active ? <span aria-hidden="true">{dir === "asc" ? " ▲" : " ▼"}</span> : null}
      </Link>
    </th>
  );
}

/**
 * `noun` is plural ("tenders"); `one` is its singular when that is not `noun` less its "s".
 * A page with two paged lists gives each its own `param` (the URL's page number for it) and
 * `label` (its navigation landmark's name), and `fragment`, the id of the list's heading, so the
 * next page opens at the list rather than at the top.
 */
export function Pagination({ page, pageCount, total, noun, one, param = "page", label = "Pages", fragment }: {
  page: number; pageCount: number; total: number; noun: string; one?: string; param?: string; label?: string; fragment?: string;
}) {
  const { search } = useLocation();
  const to = (n: number) => `${withParams(search, { [param]: String(n) })}${fragment ? `#${fragment}` : ""}`;
  return (
    <>
      <p className="govuk-body" role="status">
        {total === 0 ? `No ${noun} match.` : `${total} ${total === 1 ? (one ?? noun.replace(/s$/, "")) : noun}, page ${page} of ${pageCount}.`}
      </p>
      {pageCount > 1 ? (
        <nav className="govuk-pagination" aria-label={label}>
          {page > 1 ? (
            <div className="govuk-pagination__prev">
              <Link className="govuk-link govuk-pagination__link" to={to(page - 1)} rel="prev">
                <span className="govuk-pagination__link-title">Previous<span className="govuk-visually-hidden"> page</span></span>
              </Link>
            </div>
          ) : null}
          <ul className="govuk-pagination__list">
            {pageNumbers(page, pageCount).map((n, i) =>
              n === null ? (
                <li key={`gap-${i}`} className="govuk-pagination__item govuk-pagination__item--ellipses">{"\u22EF"}</li>
              ) : (
                <li key={n} className={`govuk-pagination__item${n === page ? " govuk-pagination__item--current" : ""}`}>
                  <Link
                    className="govuk-link govuk-pagination__link"
                    to={to(n)}
                    aria-label={`Page ${n}`}
                    aria-current={n === page ? "page" : undefined}
                  >
                    {n}
                  </Link>
                </li>
              ),
            )}
          </ul>
          {page < pageCount ? (
            <div className="govuk-pagination__next">
              <Link className="govuk-link govuk-pagination__link" to={to(page + 1)} rel="next">
                <span className="govuk-pagination__link-title">Next<span className="govuk-visually-hidden"> page</span></span>
              </Link>
            </div>
          ) : null}
        </nav>
      ) : null}
    </>
  );
}

/** 1 … 4 5 6 … 20 */
export function pageNumbers(page: number, pageCount: number): (number | null)[] {
  const wanted = new Set([1, pageCount, page - 1, page, page + 1].filter((n) => n >= 1 && n <= pageCount));
  const sorted = [...wanted].sort((a, b) => a - b);
  const out: (number | null)[] = [];
  sorted.forEach((n, i) => {
    if (i > 0 && n - sorted[i - 1] > 1) out.push(null);
    out.push(n);
  });
  return out;
}

/**
 * The same list, same filters and order, as a CSV file. It is served by a resource route
 * beside the page (`/admin/users` → `/admin/users.csv`, a route file that re-exports the
 * page's loader): a page route's loader cannot hand a file to a browser's document request.
 */
export function CsvLink({ label = "Download as CSV", to }: { label?: string; to?: string }) {
  const { pathname, search } = useLocation();
  const base = to ?? `${pathname.replace(/\/$/, "")}.csv`;
  return (
    <p className="govuk-body portal-no-print">
      <Link className="govuk-link" to={`${base}${withParams(search, { format: "csv", page: null })}`} reloadDocument>
        {label}
      </Link>
    </p>
  );
}

/** A GET form above a list. Sorting is kept; the page goes back to 1. */
export function FilterForm({ children, sort, dir }: { children: ReactNode; sort: string; dir: string }) {
  return (
    <form method="get" className="portal-filters" role="search" aria-label="Filter the list">
      <input type="hidden" name="sort" value={sort} />
      <input type="hidden" name="dir" value={dir} />
      {children}
      <button type="submit" className="govuk-button govuk-button--secondary govuk-!-margin-bottom-0" data-module="govuk-button">
        Apply filters
      </button>
    </form>
  );
}

export function TableWrapper({ caption, children }: { caption: string; children: ReactNode }) {
  return (
    <div className="portal-table-wrapper" role="region" aria-label={caption} tabIndex={0}>
      {children}
    </div>
  );
}
