// `in (…)` lists of bounded length. A list of ids that grows with the county (every project,
// every approved return) would one day pass SQLite's 32,766 bound parameters or PostgreSQL's
// 65,535 and fail: the query runs once per chunk instead, and the rows are joined.

/** Values bound in one `in (…)`: far below either engine's limit, with room for the rest of the query. */
export const IN_LIST_CHUNK = 1000;

/** A stand-in for an empty list: `in ()` is not SQL, and `in ('')` matches no id. */
const NONE: readonly string[] = [""];

/**
 * Runs `query` for each chunk of `ids` and joins the rows in chunk order (rows of one id are
 * never split between chunks). An empty list runs it once, matching nothing.
 */
export async function inChunks<T>(ids: readonly string[], query: (chunk: readonly string[]) => Promise<T[]>): Promise<T[]> {
  if (ids.length <= IN_LIST_CHUNK) return query(ids.length ? ids : NONE);
  const chunks: (readonly string[])[] = [];
  for (let i = 0; i < ids.length; i += IN_LIST_CHUNK) chunks.push(ids.slice(i, i + IN_LIST_CHUNK));
  return (await Promise.all(chunks.map(query))).flat();
}
