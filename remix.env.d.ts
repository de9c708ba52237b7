/// <reference types="@remix-run/dev" />
/// <reference types="@remix-run/node" />

import "@remix-run/node";

declare module "@remix-run/node" {
  interface AppLoadContext {
    /** The client's address as the server saw it (behind a proxy, per TRUST_PROXY). */
    ip: string;
    /** This response's Content-Security-Policy nonce, for the page's scripts (app/http/edge.server.ts). */
    cspNonce?: string;
    /** This request's id, also in the log line the server writes for it (app/http/edge.server.ts). */
    requestId?: string;
    /** Whether a request that changes something came from one of the portal's pages (app/http/edge.server.ts). */
    fromPortal?: boolean;
    /** Where this page may be kept, when its route asks (app/http/kept-pages.server.ts). */
    keptPageKey?: import("./app/http/kept-pages.server").KeptPageKey;
  }
}
