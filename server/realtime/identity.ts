// Open sockets follow the identity they were opened with. Explicit ends (logout, revoke, disable, role change) cut
// them at once through their rooms (io.ts); this sweep catches the rest on each node: sessions that went idle or past
// their end, and anything changed in the database directly. The same check guards a socket's replay requests.
import type { Role } from "../../shared/domain.js";
import type { Actor } from "../policies/types.js";

/** Reads which identities still hold: one query per kind, whatever the number of ids. */
export interface IdentitySource {
  /**
   * The live sessions among ids, with their account's role and provider as they are now. Live by the rules of an
   * HTTP request: a user who is active over HTTP keeps their sockets (see startIdentitySweep on idleness).
   */
  liveSessions(ids: readonly string[]): Promise<{ id: string; role: Role; providerId: number | null }[]>;
  /** The tokens among ids that are not revoked. */
  liveTokens(ids: readonly number[]): Promise<number[]>;
}

/** What the answer of a refused replay says. */
export const IDENTITY_ENDED = "Sessie verlopen of beëindigd; log opnieuw in.";
/** The audit detail of a refused replay: names the reason, never the session or the token. */
export const IDENTITY_ENDED_DETAIL = "sessie of token niet meer geldig";

/** Whether each of these actors still holds, read in one query per kind over their distinct sessions and tokens. */
export async function identitiesHolding(
  source: IdentitySource,
  actors: Iterable<Actor>,
): Promise<(actor: Actor) => boolean> {
  const sessionIds = new Set<string>();
  const tokenIds = new Set<number>();
  for (const actor of actors) {
    if (actor.kind === "user") sessionIds.add(actor.sessionId);
    else if (actor.kind === "token") tokenIds.add(actor.id);
  }
  const [sessions, tokens] = await Promise.all([
    sessionIds.size > 0 ? source.liveSessions([...sessionIds]) : [],
    tokenIds.size > 0 ? source.liveTokens([...tokenIds]) : [],
  ]);
  const live = new Map(sessions.map((s) => [s.id, s]));
  const liveTokens = new Set(tokens);
  return (actor) => {
    if (actor.kind === "token") return liveTokens.has(actor.id);
    if (actor.kind !== "user") return false;
    const session = live.get(actor.sessionId);
    // A changed role or provider: the socket's rooms and rights were chosen for the old one.
    return session !== undefined && session.role === actor.role && session.providerId === actor.providerId;
  };
}

interface SweptSocket {
  data: { actor: Actor };
  disconnect(close: boolean): unknown;
}

export interface IdentitySweepOptions {
  source: IdentitySource;
  intervalMs: number;
  /** This node's own sockets (each node checks only its own: the check scales with the node, not the cluster). */
  sockets(): Iterable<SweptSocket>;
  ended(count: number): void;
  failed(err: unknown): void;
}

/**
 * Every interval, checks the identities of this node's sockets and cuts those that no longer hold. A run starts only
 * after the previous one finished, so a slow database never piles up checks.
 *
 * Idleness: a socket alone does not keep its session alive. An open board sends nothing of its own, and a board left
 * open on an unattended screen is what the idle limit (SESSION_IDLE_MINUTES) is for; so the sweep reads the session's
 * last HTTP activity, the same lastSeenAt a request reads. A user who keeps working over HTTP keeps the session and its
 * sockets; one who only watches is signed out at the idle limit, on HTTP and on the socket alike.
 */
export function startIdentitySweep(options: IdentitySweepOptions): { stop(): void } {
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const run = async () => {
    try {
      const sockets = [...options.sockets()];
      if (sockets.length === 0) return;
      const holds = await identitiesHolding(
        options.source,
        sockets.map((s) => s.data.actor),
      );
      let ended = 0;
      for (const socket of sockets) {
        if (holds(socket.data.actor)) continue;
        socket.disconnect(true);
        ended += 1;
      }
      if (ended > 0) options.ended(ended);
    } catch (err) {
      // The database is away: the sockets keep their feed until the next run can tell (a Redis-only outage cuts none).
      options.failed(err);
    } finally {
      if (!stopped) schedule();
    }
  };
  const schedule = () => {
    timer = setTimeout(() => void run(), options.intervalMs);
    timer.unref();
  };
  schedule();
  return {
    stop: () => {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
