// Which fields a change alters: the one comparison behind a location's or provider's edit, the import's "gewijzigd
// (which columns)", a request's correction, and the location form that sends only what differs.

/** Two values of a field are the same (lists as sets: the order of codes carries no meaning). */
export function sameValue(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && [...a].sort().join() === [...b].sort().join();
  return a === b;
}

/**
 * The fields among `fields` whose value in `after` differs from `before`, in the order of `fields`. Every field named
 * is compared, undefined included: a caller whose undefined means "not sent" names only the fields that are sent.
 */
export function changedFields<F extends PropertyKey>(
  before: { readonly [K in F]?: unknown },
  after: { readonly [K in F]?: unknown },
  fields: readonly F[],
): F[] {
  return fields.filter((f) => !sameValue(before[f], after[f]));
}

/** The fields `input` sends (its keys whose value is not undefined), in its own order. */
export function sentFields<T extends object>(input: T): (keyof T & string)[] {
  return (Object.keys(input) as (keyof T & string)[]).filter((k) => input[k] !== undefined);
}
