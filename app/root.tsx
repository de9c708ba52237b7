import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import type { ShouldRevalidateFunction } from "@remix-run/react";
import { json } from "@remix-run/node";
import {
  isRouteErrorResponse,
  Link,
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useLoaderData,
  useLocation,
  useMatches,
  useNavigation,
  useRouteError,
  useRouteLoaderData,
} from "@remix-run/react";
import { useEffect, type ReactNode } from "react";
import { getDb } from "../db/client";
import { getSettings } from "~/models/admin/settings.server";
import { getSignedInUser } from "~/http/guards.server";
import { formToken, takeFlash, type FlashMessage } from "~/services/session.server";
import styles from "~/styles/portal.generated.css";
import { useNonce } from "~/components/nonce";
import { Form } from "~/components/form";
import { isAutosave } from "~/lib/autosave";
import { PUBLIC_SECTIONS, sectionsFor, type Section } from "~/policies/index";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

export const meta: MetaFunction = () => [{ title: "Early help portal" }];

/**
 * The root's data is read again on every navigation, not only after a form: a message flashed
 * for one page (taken from its cookie as it is shown) is then gone from the next, and the menu
 * follows a change of role at once. A draft saved in the background (app/lib/autosave.ts) is
 * not a navigation: nothing here changes.
 */
export const shouldRevalidate: ShouldRevalidateFunction = ({ formData }) => !isAutosave(formData);

export async function loader({ request, context }: LoaderFunctionArgs) {
  const db = getDb();
  const [user, settings, flashed, form] = await Promise.all([getSignedInUser(request), getSettings(db), takeFlash(request), formToken(request)]);
  const message = (flashed.data.message as FlashMessage | undefined) ?? null;
  const headers = new Headers();
  if (flashed.clear) headers.append("Set-Cookie", flashed.clear);
  if (form.setCookie) headers.append("Set-Cookie", form.setCookie);
  return json(
    {
      councilName: settings.council_name,
      programmeName: settings.programme_name,
      supportEmail: settings.support_email,
      user: user ? { name: user.name, email: user.email, sections: sectionsFor(user) } : null,
      message,
      formToken: form.token,
      // Shown on error pages, so a report can be matched with the server's log.
      requestId: context?.requestId ?? null,
    },
    { headers },
  );
}

type RootData = ReturnType<typeof useLoaderData<typeof loader>>;

/** Starts GOV.UK Frontend's scripts once React has hydrated, and again after each navigation. */
function useGovukFrontend() {
  const location = useLocation();
  const navigation = useNavigation();
  useEffect(() => {
    if (navigation.state !== "idle") return;
    document.body.classList.add("govuk-frontend-supported");
    void import("govuk-frontend").then(({ initAll }) =>
      // Components already started on an earlier run report that they are; nothing to do.
      initAll({ onError: () => undefined }),
    );
  }, [location.key, navigation.state]);
}

function Header({ data }: { data: RootData | undefined }) {
  const location = useLocation();
  const councilName = data?.councilName ?? "Early help portal";
  const sections: readonly Section[] = data?.user?.sections ?? PUBLIC_SECTIONS;
  const isCurrent = (href: string) => (href === "/" ? location.pathname === "/" : location.pathname.startsWith(href));
  return (
    <>
      <a href="#main-content" className="govuk-skip-link" data-module="govuk-skip-link">
        Skip to main content
      </a>
      <header className="govuk-generic-header" role="banner">
        <div className="govuk-generic-header__container govuk-width-container">
          <div className="govuk-generic-header__logo">
            <Link to="/" className="govuk-generic-header__homepage-link">
              {councilName}
            </Link>
          </div>
          <div className="portal-header__account">
            {data?.user ? (
              <>
                <span className="govuk-visually-hidden">Signed in as </span>
                <span>{data.user.name}</span>
                <Form method="post" action="/sign-out" className="portal-inline-form">
                  <button type="submit" className="portal-link-button">Sign out</button>
                </Form>
              </>
            ) : (
              <Link to="/sign-in">Sign in</Link>
            )}
          </div>
        </div>
      </header>
      <section
        // Rebuilt when the sections change (signing in), so GOV.UK Frontend sets up its menu toggle again.
        key={sections.map((s) => s.href).join(" ")}
        aria-label="Service information"
        className="govuk-service-navigation"
        data-module="govuk-service-navigation"
      >
        <div className="govuk-width-container">
          <div className="govuk-service-navigation__container">
            <span className="govuk-service-navigation__service-name">
              <Link to="/" className="govuk-service-navigation__link">
                {data?.programmeName ?? "Early help commissioning"}
              </Link>
            </span>
            {sections.length > 0 ? (
              <nav aria-label="Menu" className="govuk-service-navigation__wrapper">
                <button
                  type="button"
                  className="govuk-service-navigation__toggle govuk-js-service-navigation-toggle"
                  aria-controls="navigation"
                  hidden
                  aria-hidden="true"
                >
                  Menu
                </button>
                <ul className="govuk-service-navigation__list" id="navigation">
                  {sections.map((s) => (
                    <li
                      key={s.href}
                      className={`govuk-service-navigation__item${isCurrent(s.href) ? " govuk-service-navigation__item--active" : ""}`}
                    >
                      <Link className="govuk-service-navigation__link" to={s.href} aria-current={isCurrent(s.href) ? "page" : undefined}>
                        {isCurrent(s.href) ? <strong className="govuk-service-navigation__active-fallback">{s.label}</strong> : s.label}
                      </Link>
                    </li>
                  ))}
                </ul>
              </nav>
            ) : null}
          </div>
        </div>
      </section>
    </>
  );
}

/** A route whose page is a dashboard (a profile, the county table) says so with `handle = { wide: true }`. */
function useWidePage(): boolean {
  return useMatches().some((m) => (m.handle as { wide?: boolean } | undefined)?.wide === true);
}

function Document({ children, title }: { children: ReactNode; title?: string }) {
  const data = useRouteLoaderData<typeof loader>("root");
  const wide = useWidePage();
  const nonce = useNonce();
  useGovukFrontend();
  return (
    <html lang="en-GB" className="govuk-template">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover" />
        <meta name="theme-color" content="#0b0c0c" />
        <link rel="icon" href="/favicon.ico" sizes="16x16" />
        {/* An error page has its own title; the routes' meta would add a second one. */}
        {title ? <title>{title}</title> : <Meta />}
        <Links />
      </head>
      <body className="govuk-template__body" suppressHydrationWarning>
        <script
          nonce={nonce}
          // GOV.UK Frontend's styles for JavaScript-only parts key off this class.
          dangerouslySetInnerHTML={{
            __html: "document.body.className += ' js-enabled' + ('noModule' in HTMLScriptElement.prototype ? ' govuk-frontend-supported' : '');",
          }}
        />
        <Header data={data} />
        <div className={wide ? "govuk-width-container portal-width-container--wide" : "govuk-width-container"}>
          <div className="govuk-phase-banner">
            <p className="govuk-phase-banner__content">
              <strong className="govuk-tag govuk-phase-banner__content__tag">Beta</strong>
              <span className="govuk-phase-banner__text">
                This is a new service. Tell the commissioning team if something does not work as you expect.
              </span>
            </p>
          </div>
          <main className="govuk-main-wrapper" id="main-content" tabIndex={-1}>
            {data?.message ? <FlashBanner message={data.message} /> : null}
            {children}
          </main>
        </div>
        <footer className="govuk-footer">
          <div className="govuk-width-container">
            <div className="govuk-footer__meta">
              <div className="govuk-footer__meta-item govuk-footer__meta-item--grow">
                <h2 className="govuk-visually-hidden">Support links</h2>
                <ul className="govuk-footer__inline-list">
                  <li className="govuk-footer__inline-list-item">
                    <Link className="govuk-footer__link" to="/help">Help</Link>
                  </li>
                  <li className="govuk-footer__inline-list-item">
                    <Link className="govuk-footer__link" to="/accessibility">Accessibility statement</Link>
                  </li>
                  <li className="govuk-footer__inline-list-item">
                    <Link className="govuk-footer__link" to="/privacy">Privacy notice</Link>
                  </li>
                </ul>
                {data?.supportEmail ? (
                  <p className="govuk-body-s govuk-!-margin-top-3">
                    Help with the portal: e-mail <a className="govuk-footer__link" href={`mailto:${data.supportEmail}`}>{data.supportEmail}</a>
                  </p>
                ) : null}
                <span className="govuk-footer__licence-description">
                  {data?.councilName ?? "The council"} · Open-source early help commissioning portal
                </span>
              </div>
            </div>
          </div>
        </footer>
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

function FlashBanner({ message }: { message: FlashMessage }) {
  const success = message.kind === "success";
  return (
    <div
      className={`govuk-notification-banner${success ? " govuk-notification-banner--success" : ""}`}
      role={success ? "alert" : "region"}
      aria-labelledby="flash-title"
      data-module="govuk-notification-banner"
    >
      <div className="govuk-notification-banner__header">
        <h2 className="govuk-notification-banner__title" id="flash-title">
          {success ? "Success" : "Important"}
        </h2>
      </div>
      <div className="govuk-notification-banner__content">
        <p className="govuk-notification-banner__heading">{message.text}</p>
      </div>
    </div>
  );
}

export default function App() {
  return (
    <Document>
      <Outlet />
    </Document>
  );
}

/** The request's reference and the time, to quote when reporting a problem. */
function ProblemReference() {
  const data = useRouteLoaderData<typeof loader>("root");
  if (!data?.requestId) return null;
  return (
    <p className="govuk-body">
      If you report this problem, quote the reference <strong>{data.requestId}</strong>.
    </p>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  if (isRouteErrorResponse(error) && error.status === 403) {
    const sections: Section[] = error.data?.sections ?? [];
    return (
      <Document title="You do not have permission – Early help portal">
        <h1 className="govuk-heading-l">You do not have permission to see this page</h1>
        <p className="govuk-body">{error.data?.message ?? "Your account does not give you access to this page."}</p>
        {sections.length ? (
          <>
            <p className="govuk-body">You can:</p>
            <ul className="govuk-list govuk-list--bullet">
              {sections.map((s) => (
                <li key={s.href}>
                  <Link className="govuk-link" to={s.href}>{s.label}</Link>
                </li>
              ))}
            </ul>
          </>
        ) : null}
        <p className="govuk-body">If you think you should have access, ask your council's portal administrator.</p>
      </Document>
    );
  }
  if (isRouteErrorResponse(error) && (error.status === 404 || error.status === 405)) {
    return (
      <Document title="Page not found – Early help portal">
        <h1 className="govuk-heading-l">Page not found</h1>
        <p className="govuk-body">If you typed the web address, check it is correct.</p>
        <p className="govuk-body">If you pasted the web address, check you copied the entire address.</p>
        <p className="govuk-body">
          <Link className="govuk-link" to="/">Go to the home page</Link>
        </p>
      </Document>
    );
  }
  // Anything else: a friendly page. Details stay in the server log, never in the page.
  return (
    <Document title="Sorry, there is a problem with the service – Early help portal">
      <h1 className="govuk-heading-l">Sorry, there is a problem with the service</h1>
      <p className="govuk-body">Try again later. Anything you saved before this happened has been kept.</p>
      <ProblemReference />
      <p className="govuk-body">
        <Link className="govuk-link" to="/">Go to the home page</Link>
      </p>
    </Document>
  );
}
