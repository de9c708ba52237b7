import type { MetaFunction } from "@remix-run/node";

export const meta: MetaFunction = () => [{ title: "Privacy notice – Early help portal" }];

export default function Privacy() {
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <h1 className="govuk-heading-l">Privacy notice</h1>
        <p className="govuk-body">
          The council runs this portal to commission and monitor early help services. It keeps the names, e-mail
          addresses and roles of the people who use it, the details of the organisations they work for, and a record of
          what each person changed and when, so decisions about public money can be checked.
        </p>
        <p className="govuk-body">
          Providers must not enter personal details about the children and families they work with. Case studies are
          anonymised, and the portal checks them for names, addresses and other identifying details before they are saved.
        </p>
        <p className="govuk-body">
          The portal uses one cookie, which keeps you signed in. It is deleted when you sign out or after 8 hours.
        </p>
      </div>
    </div>
  );
}
