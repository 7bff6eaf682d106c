// One placement request with its reservations, and the steps a verwijzer or regisseur takes on it. Every answer of
// the server replaces the request on screen, so the stepper and the status always show what was committed.
import { useCallback } from "react";
import type { z } from "zod";
import type {
  AmbulantAlternative,
  CorrectRequest,
  explanatoryAnalysisSchema,
  PlacementRequest,
  Reservation,
} from "../../../../../shared/schemas/placements.js";
import { type LoadStatus, useFetched } from "../../../hooks/use-fetched.js";
import { usePushRefetch } from "../../../hooks/use-push-refetch.js";
import type { ApiError } from "../../../lib/api.js";
import {
  addAmbulantAlternative,
  correctRequest,
  getRequest,
  listRequestReservations,
  setExplanatoryAnalysis,
  transitionRequest,
} from "../api/requests.js";

export interface RequestState {
  status: LoadStatus;
  request: PlacementRequest | undefined;
  reservations: Reservation[];
  error: ApiError | undefined;
  reload(): void;
  /** The actions throw an ApiError for the form that asked to show. */
  addAmbulant(alternative: AmbulantAlternative): Promise<void>;
  setAnalysis(analysis: z.input<typeof explanatoryAnalysisSchema>): Promise<void>;
  transition(to: "zoekend" | "ingetrokken"): Promise<void>;
  /** Corrects codes with the version the form opened on (a stale one: ApiError 409). */
  correct(body: CorrectRequest): Promise<void>;
  /** The request read again and shown; undefined when it could not be read. */
  refetchRequest(): Promise<PlacementRequest | undefined>;
}

type Shown = Pick<RequestState, "request" | "reservations">;
const NOTHING_YET: Shown = { request: undefined, reservations: [] };

export function useRequest(id: number): RequestState {
  const { status, data, setData, error, reload } = useFetched<Shown>(
    async (signal) => {
      const [request, held] = await Promise.all([getRequest(id, signal), listRequestReservations(id, signal)]);
      return { request, reservations: newestFirst(held) };
    },
    { key: id, initial: NOTHING_YET },
  );
  const { request, reservations } = data;
  const show = useCallback(
    (updated: PlacementRequest) => setData((prev) => ({ ...prev, request: updated })),
    [setData],
  );

  // The server names this request when it changed: a reservation, the provider's answer, an expiry, a colleague's step.
  usePushRefetch("requests:changed", reload, { concerns: (change) => change.requestId === id, settleMs: 300 });

  const addAmbulant = useCallback(
    async (alternative: AmbulantAlternative) => show(await addAmbulantAlternative(id, alternative)),
    [id, show],
  );
  const setAnalysis = useCallback(
    async (analysis: z.input<typeof explanatoryAnalysisSchema>) => show(await setExplanatoryAnalysis(id, analysis)),
    [id, show],
  );
  const transition = useCallback(
    async (to: "zoekend" | "ingetrokken") => {
      show(await transitionRequest(id, to));
      // Withdrawing releases an open reservation: its new status belongs on screen too.
      if (to === "ingetrokken") reload();
    },
    [id, show, reload],
  );

  const correct = useCallback(async (body: CorrectRequest) => show(await correctRequest(id, body)), [id, show]);
  const refetchRequest = useCallback(async () => {
    const fresh = await getRequest(id).catch(() => undefined);
    if (fresh) show(fresh);
    return fresh;
  }, [id, show]);

  return {
    status,
    request,
    reservations,
    error,
    reload,
    addAmbulant,
    setAnalysis,
    transition,
    correct,
    refetchRequest,
  };
}

function newestFirst(reservations: Reservation[]): Reservation[] {
  return reservations.toSorted((a, b) => b.createdAt.localeCompare(a.createdAt));
}
