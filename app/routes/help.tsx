// GET /help – how each kind of user does their main job, with links, and who to ask. Open to
// anyone: a charity reads it before it registers.
import type { MetaFunction } from "@remix-run/node";
import { Link, useRouteLoaderData } from "@remix-run/react";

export const meta: MetaFunction = () => [{ title: "Help – Early help portal" }];

export default function Help() {
  const root = useRouteLoaderData<{ supportEmail?: string; councilName?: string }>("root");
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <h1 className="govuk-heading-l">Help</h1>
        <p className="govuk-body">How to do the main things in the portal. Each heading is one kind of user.</p>

        <h2 className="govuk-heading-m">Charities and community groups</h2>
        <ol className="govuk-list govuk-list--number">
          <li>Find an opportunity on <Link className="govuk-link" to="/opportunities">funding opportunities</Link>: its documents, deadline and the answers to questions others have asked.</li>
          <li><Link className="govuk-link" to="/register">Register your organisation</Link>. The council checks each registration, usually within two working days, and e-mails you a link to set your password.</li>
          <li>Open the tender and write your bid. It saves itself as you type (or press "Save as draft" at any time): a bid is kept as a draft until you submit it, before the closing time.</li>
          <li>After the decision, read your assessment summary from <Link className="govuk-link" to="/bids">your bids</Link>.</li>
          <li>If you are funded, file each quarter's return from <Link className="govuk-link" to="/returns">your returns</Link>: outputs, outcomes, spend and a case study. You can fill it in at any time and submit it once the quarter has ended.</li>
        </ol>

        <h2 className="govuk-heading-m">Commissioning officers</h2>
        <ul className="govuk-list govuk-list--bullet">
          <li><Link className="govuk-link" to="/tenders">Tenders</Link>: write and publish a tender, answer clarification questions, choose the panel, record the conflicts assessment, moderate, record the decisions and enter the contract.</li>
          <li><Link className="govuk-link" to="/reviews">Returns to review</Link>: approve a return or send it back with a query, send a reminder about an overdue one, and download a quarter's returns with their figures.</li>
          <li><Link className="govuk-link" to="/account/notifications">E-mail notifications</Link>: choose whether you are e-mailed when a return is submitted, a question is asked or a registration is waiting.</li>
          <li><Link className="govuk-link" to="/visits">Visits</Link>: record monitoring visits and follow up their actions.</li>
          <li><Link className="govuk-link" to="/profiles">Profiles</Link>: read each district's performance profile, agree actions, choose case studies and publish it for the board (and, if you choose, the public).</li>
        </ul>

        <h2 className="govuk-heading-m">Panel members</h2>
        <p className="govuk-body">
          From <Link className="govuk-link" to="/panel">your panel work</Link>, once the tender closes: declare any conflict of
          interest with each bid, score the bids you have no conflict with, then submit your scores. After the decisions you can
          still read your scores and the moderated result.
        </p>

        <h2 className="govuk-heading-m">Board members</h2>
        <p className="govuk-body">
          Read the published district profiles from <Link className="govuk-link" to="/profiles">profiles</Link>, as a page, a
          PDF or a spreadsheet.
        </p>

        <h2 className="govuk-heading-m">Anyone</h2>
        <p className="govuk-body">
          See <Link className="govuk-link" to="/contracts">awarded contracts and grants</Link> with the council's open data, and
          the <Link className="govuk-link" to="/district-profiles">district profiles</Link> the council has made public.
        </p>

        <h2 className="govuk-heading-m">Contact</h2>
        <p className="govuk-body">
          {root?.supportEmail ? (
            <>E-mail {root.councilName ?? "the council"}'s commissioning team at <a className="govuk-link" href={`mailto:${root.supportEmail}`}>{root.supportEmail}</a>. We reply within 2 working days.</>
          ) : (
            <>Contact the council's commissioning team.</>
          )}
        </p>
      </div>
    </div>
  );
}
