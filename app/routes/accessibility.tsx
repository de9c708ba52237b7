// The accessibility statement the Public Sector Bodies (Websites and Mobile Applications)
// (No. 2) Accessibility Regulations 2018 ask for: compliance status, what is not accessible and
// why, how to get content another way, how to report a problem, the enforcement procedure,
// and how and when the statement was prepared.
import type { MetaFunction } from "@remix-run/node";
import { useRouteLoaderData } from "@remix-run/react";

export const meta: MetaFunction = () => [{ title: "Accessibility statement – Early help portal" }];

/** When this statement was last reviewed against the portal: change it when you review it. */
const PREPARED_ON = "7 December 2026";

export default function Accessibility() {
  const root = useRouteLoaderData<{ supportEmail?: string; councilName?: string }>("root");
  const council = root?.councilName ?? "The council";
  const email = root?.supportEmail;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <h1 className="govuk-heading-l">Accessibility statement</h1>
        <p className="govuk-body">
          {council} runs this early help portal. We want as many people as possible to be able to use it: you should be able to
          zoom in up to 400% without the text spilling off the screen, get around it with a keyboard or speech recognition
          software, listen to it with a screen reader, and use it without JavaScript.
        </p>

        <h2 className="govuk-heading-m">Compliance status</h2>
        <p className="govuk-body">
          This website is partially compliant with the Web Content Accessibility Guidelines version 2.2 AA standard, due to the
          non-compliances listed below.
        </p>

        <h2 className="govuk-heading-m">Non-accessible content</h2>
        <ul className="govuk-list govuk-list--bullet">
          <li>
            The PDF versions of district profiles and of the county pack are not tagged PDFs, so a screen reader may read
            them out of order (WCAG 1.3.1). Every PDF profile has the same content as a web page and as a spreadsheet: use
            those instead.
          </li>
          <li>
            Documents that councils and providers upload (tender specifications, evidence) are as their authors made them, and
            may not be accessible. Ask us for a version you can use.
          </li>
        </ul>

        <h2 className="govuk-heading-m">Getting content in another format</h2>
        <p className="govuk-body">
          If you need information in a different format, such as accessible PDF, large print or plain text,{" "}
          {email ? <>e-mail <a className="govuk-link" href={`mailto:${email}`}>{email}</a></> : "contact the commissioning team"}.
          We will reply within 10 working days.
        </p>

        <h2 className="govuk-heading-m">Reporting accessibility problems</h2>
        <p className="govuk-body">
          If you find a problem that is not listed here, or think we are not meeting the requirements,{" "}
          {email ? <>e-mail <a className="govuk-link" href={`mailto:${email}`}>{email}</a></> : "contact the commissioning team"}.
        </p>

        <h2 className="govuk-heading-m">Enforcement procedure</h2>
        <p className="govuk-body">
          The Equality and Human Rights Commission (EHRC) is responsible for enforcing the accessibility regulations. If you are
          not happy with how we respond to your complaint, contact the{" "}
          <a className="govuk-link" href="https://www.equalityadvisoryservice.com/">Equality Advisory and Support Service (EASS)</a>.
        </p>

        <h2 className="govuk-heading-m">How we tested this website</h2>
        <p className="govuk-body">
          Automated browser tests sign in as each kind of user and check every page they visit with axe-core against WCAG 2.2
          A and AA, at desktop width and at 320 pixels wide, with and without JavaScript. Automated checks find only some
          problems, so we also test by hand with a keyboard and a screen reader.
        </p>

        <h2 className="govuk-heading-m">Preparation of this statement</h2>
        <p className="govuk-body">This statement was prepared on {PREPARED_ON}. It was last reviewed on {PREPARED_ON}.</p>
      </div>
    </div>
  );
}
