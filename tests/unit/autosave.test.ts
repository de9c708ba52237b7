// The answer to a background save (app/lib/autosave.ts) that could not be made.
import { describe, expect, it } from "vitest";
import { autosaveFailure } from "~/http/autosave.server";
import { RefusedError } from "~/models/errors";

describe("a background save that fails for no refusal", () => {
  it("is answered (503, the next change tries again), never thrown to the error page; a refusal is left to the form", async () => {
    const failed = autosaveFailure(new Error("database is locked"));
    expect(failed!.status).toBe(503);
    expect(await failed!.json()).toEqual({ autosaveFailed: "Your latest changes could not be saved just now. They will be saved again as you type." });
    expect(autosaveFailure(new RefusedError("This tender has closed."))).toBeNull();
  });
});
