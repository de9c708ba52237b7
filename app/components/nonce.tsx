// The Content-Security-Policy nonce of the page being rendered on the server, for the page's
// scripts (entry.server.tsx provides it). In the browser it is empty: scripts have run by then.
import { createContext, useContext } from "react";

export const NonceContext = createContext<string | undefined>(undefined);

export const useNonce = () => useContext(NonceContext);
