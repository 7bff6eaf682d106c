// The page of the audit log on screen: the filters applied, where in the log it starts, and the actions seen so far
// (offered as suggestions, since the server keeps no list of them).
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useCallback, useEffect, useState } from "react";
import { loadState } from "../../../lib/query-client.js";
import { queryKeys } from "../../../lib/query-keys.js";
import { AUDIT_PAGE_SIZE, type AuditFilter, fetchAuditPage } from "../api/audit.js";

interface Query {
  filter: AuditFilter;
  /**
   * Where each page visited starts ("entries below this id"); the first, undefined, is the newest page. Going back
   * to newer entries pops the stack, because the log can only be paged backwards.
   */
  cursors: (number | undefined)[];
}

const NO_ENTRIES: never[] = [];

export function useAuditLog() {
  const [query, setQuery] = useState<Query>({ filter: {}, cursors: [undefined] });
  const [knownActions, setKnownActions] = useState<string[]>([]);

  // Every read is itself written to the log (audit.gelezen), so this reads on a deliberate step, never per keystroke:
  // a new query object is that step. Pushes never mark it stale (app/push-invalidation.ts).
  const before = query.cursors.at(-1);
  const read = useQuery({
    queryKey: queryKeys.audit(query.filter, before),
    queryFn: ({ signal }) => fetchAuditPage(query.filter, before, signal),
    // The page on screen stays until the next one is read.
    placeholderData: keepPreviousData,
  });
  const entries = read.data?.entries ?? NO_ENTRIES;
  const { status, error, busy, reload } = loadState(read, "Het auditlog kon niet worden geladen.");
  useEffect(() => {
    setKnownActions((prev) => [...new Set([...prev, ...entries.map((e) => e.action)])].sort());
  }, [entries]);

  const apply = useCallback((filter: AuditFilter) => setQuery({ filter, cursors: [undefined] }), []);

  const older = useCallback(() => {
    const last = entries.at(-1);
    if (last) setQuery((prev) => ({ ...prev, cursors: [...prev.cursors, last.id] }));
  }, [entries]);

  const newer = useCallback(
    () => setQuery((prev) => (prev.cursors.length > 1 ? { ...prev, cursors: prev.cursors.slice(0, -1) } : prev)),
    [],
  );

  return {
    filter: query.filter,
    apply,
    entries,
    status,
    busy,
    error,
    reload,
    knownActions,
    page: query.cursors.length,
    hasNewer: query.cursors.length > 1,
    // A full page may be followed by more; a short one is the oldest.
    hasOlder: entries.length === AUDIT_PAGE_SIZE,
    older,
    newer,
  };
}
