// What a failed run records about its error: only its class or SQLSTATE.

/** An error's class or SQLSTATE: a message may echo values from the data, which the beheerder's views must not show. */
export function errorClass(err: unknown): string {
  for (let e: unknown = err; e; e = (e as { cause?: unknown }).cause) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && /^[0-9A-Z]{5}$/.test(code)) return `databasefout ${code}`;
  }
  return err instanceof Error ? err.name : "onbekende fout";
}
