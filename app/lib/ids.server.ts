import { randomUUID } from "node:crypto";

export const newId = (): string => randomUUID();

/** Timestamps are ISO text in UTC, the same on both engines. */
export const nowIso = (): string => new Date().toISOString();
