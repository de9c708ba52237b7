// What every request passes before a route sees it, so no route has to remember:
// - an address (path or query) with a control character in it, a NUL above all, is a 400:
//   PostgreSQL refuses NUL in text, and no address of the portal holds one;
// - a form with a control character in any field (tab and line breaks excepted) comes back
//   with the field marked, the same on SQLite, which would store it, and PostgreSQL;
// - a form that does not come from the portal is refused (forgery.server.ts);
// - a form that cannot be read (a cut-off multipart body) is a 400.
// The form is read from a copy, once, with files read and dropped, so the action reads it
// again as usual.
import { json, unstable_parseMultipartFormData, type ActionFunction, type LoaderFunction, type ServerBuild } from "@remix-run/node";
import { failure, FORM_TOKEN_FIELD, formValues, type FieldErrors } from "~/lib/forms";
import { requireGenuineForm } from "./forgery.server";

// Controls other than tab, line feed and carriage return.
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

export const CONTROL_CHARACTER_MESSAGE = "This contains a character that cannot be kept (a control character). Remove it and try again.";

export function hasControlCharacter(text: string): boolean {
  return CONTROL.test(text);
}

/** Throws 400 for an address with a control character in its path or query. */
export function requireCleanUrl(request: Request): void {
  const url = new URL(request.url);
  let path: string;
  try {
    path = decodeURIComponent(url.pathname);
  } catch {
    throw json({ message: "Page not found" }, { status: 404 });
  }
  const query = [...url.searchParams.entries()].flat().join("");
  if (hasControlCharacter(path) || hasControlCharacter(query)) throw json({ message: "Page not found" }, { status: 404 });
}

type TextFields = [string, string][];

/** A form's text fields, from a copy of the request; files are read and dropped. */
async function readTextFields(request: Request): Promise<TextFields> {
  const type = (request.headers.get("Content-Type") ?? "").toLowerCase();
  try {
    if (type.startsWith("multipart/form-data")) {
      const form = await unstable_parseMultipartFormData(request.clone(), async ({ filename, data }) => {
        if (filename !== undefined) {
          for await (const chunk of data) void chunk;
          return undefined;
        }
        const chunks: Uint8Array[] = [];
        for await (const chunk of data) chunks.push(chunk);
        return new TextDecoder().decode(Buffer.concat(chunks));
      });
      return [...form.entries()].filter((e): e is [string, string] => typeof e[1] === "string");
    }
    if (type.startsWith("application/x-www-form-urlencoded")) return [...new URLSearchParams(await request.clone().text()).entries()];
  } catch {
    throw json({ message: "The form could not be read. Go back and try again." }, { status: 400 });
  }
  return [];
}

/** The field errors for every field (or field name) holding a control character. */
export function controlCharacterErrors(fields: TextFields): FieldErrors {
  const errors: FieldErrors = {};
  for (const [name, value] of fields) {
    const field = name.endsWith("[]") ? name.slice(0, -2) : name;
    if (hasControlCharacter(value) || hasControlCharacter(name)) errors[field] = CONTROL_CHARACTER_MESSAGE;
  }
  return errors;
}

/** A loader behind the gate: its address checked first. */
export function gateLoader(loader: LoaderFunction): LoaderFunction {
  return (args) => {
    requireCleanUrl(args.request);
    return loader(args);
  };
}

/** An action behind the gate: address, forgery and text checked first. */
export function gateAction(action: ActionFunction, options: { checkForgery: boolean } = { checkForgery: true }): ActionFunction {
  return async (args) => {
    requireCleanUrl(args.request);
    const fields = await readTextFields(args.request);
    if (options.checkForgery) {
      await requireGenuineForm(args.request, fields.find(([name]) => name === FORM_TOKEN_FIELD)?.[1], args.context?.fromPortal);
    }
    const errors = controlCharacterErrors(fields.filter(([name]) => name !== FORM_TOKEN_FIELD));
    if (Object.keys(errors).length) {
      const typed = new FormData();
      for (const [name, value] of fields) typed.append(name, value);
      return json(failure(formValues(typed), errors, "Some of what you typed contains a character that cannot be kept."), { status: 400 });
    }
    return action(args);
  };
}

/** The server build with every route behind the gate. */
export function gateRoutes(build: ServerBuild): ServerBuild {
  const routes: ServerBuild["routes"] = {};
  for (const [id, route] of Object.entries(build.routes)) {
    const { loader, action } = route.module;
    routes[id] = {
      ...route,
      module: { ...route.module, ...(loader ? { loader: gateLoader(loader) } : {}), ...(action ? { action: gateAction(action) } : {}) },
    };
  }
  return { ...build, routes };
}
