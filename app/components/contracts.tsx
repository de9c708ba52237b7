// The contract details notice as a page shows it: each contract's supplier, value, dates and
// key performance indicators. The same on the officer's award page and the public tender page.
import type { ContractDetails } from "~/models/awards/contract-details.server";

import { Link } from "@remix-run/react";

/** `projectLinks`: for the officer, each contract's reference links to its project. */
type Props = { contracts: ContractDetails; headingLevel?: 2 | 3; projectLinks?: Record<string, string> };

export function ContractDetailsNotice({ contracts, headingLevel = 2, projectLinks }: Props) {
  if (contracts.contracts.length === 0) return null;
  const Heading = headingLevel === 2 ? "h2" : "h3";
  const Card = headingLevel === 2 ? "h3" : "h4";
  return (
    <>
      <Heading className="govuk-heading-m">{contracts.notice ? "Contract details notice" : "Grant agreements"}</Heading>
      {contracts.contracts.map((c) => (
        <div className="govuk-summary-card" key={c.reference}>
          <div className="govuk-summary-card__title-wrapper">
            <Card className="govuk-summary-card__title">
              {projectLinks?.[c.reference] ? <Link className="govuk-link" to={projectLinks[c.reference]}>{c.reference} {c.title}</Link> : <>{c.reference} {c.title}</>}
            </Card>
          </div>
          <div className="govuk-summary-card__content">
            <dl className="govuk-summary-list">
              <div className="govuk-summary-list__row"><dt className="govuk-summary-list__key">Supplier</dt><dd className="govuk-summary-list__value">{c.supplier}</dd></div>
              <div className="govuk-summary-list__row"><dt className="govuk-summary-list__key">District</dt><dd className="govuk-summary-list__value">{c.district}</dd></div>
              <div className="govuk-summary-list__row"><dt className="govuk-summary-list__key">Value</dt><dd className="govuk-summary-list__value">{c.value}</dd></div>
              <div className="govuk-summary-list__row"><dt className="govuk-summary-list__key">Term</dt><dd className="govuk-summary-list__value">{c.period}</dd></div>
              <div className="govuk-summary-list__row"><dt className="govuk-summary-list__key">Entered</dt><dd className="govuk-summary-list__value">{c.entered}</dd></div>
              <div className="govuk-summary-list__row">
                <dt className="govuk-summary-list__key">Key performance indicators</dt>
                <dd className="govuk-summary-list__value">
                  {c.kpis.length ? (
                    <ul className="govuk-list govuk-list--bullet">
                      {c.kpis.map((k) => <li key={k.name}>{k.name} ({k.unit}): {k.definition}</li>)}
                    </ul>
                  ) : "None"}
                </dd>
              </div>
            </dl>
          </div>
        </div>
      ))}
    </>
  );
}
