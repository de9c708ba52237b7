import type { MetaFunction } from "@remix-run/node";

export const meta: MetaFunction = () => [{ title: "Accessibility statement – Early help portal" }];

export default function Accessibility() {
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <h1 className="govuk-heading-l">Accessibility statement</h1>
        <p className="govuk-body">
          This portal is built to meet the Web Content Accessibility Guidelines (WCAG) 2.2 at level AA. Every page is
          rendered on the server and works without JavaScript, with a keyboard, with a screen reader, and at 320 pixels wide.
        </p>
        <h2 className="govuk-heading-m">How we test it</h2>
        <p className="govuk-body">
          Automated browser tests sign in as each kind of user and check every page they visit with axe-core against
          WCAG 2.2 AA. Automated checks find only some problems, so we also test by hand with a keyboard and a screen reader.
        </p>
        <h2 className="govuk-heading-m">Reporting a problem</h2>
        <p className="govuk-body">
          If you find something that does not work for you, tell the council's commissioning team. We will reply within
          10 working days.
        </p>
      </div>
    </div>
  );
}
