// The connection a webhook POST goes out on. Registration refuses private IP literals (url.ts), but a host name is only
// known by what it resolves to when the POST is sent, and can resolve differently from one attempt to the next. So the
// check is in the resolution itself: the address the socket connects to is the one checked, and a name that resolves
// into the server's own network is refused before anything is sent.
import { type LookupAddress, lookup } from "node:dns";
import { isIP } from "node:net";
import type { Agent } from "undici";
import { onFirstUse } from "../../on-first-use.js";
import { LOCAL_HOSTS, privateAddress } from "./url.js";

/** The code an attempt records when its host resolved into the server's own network. */
export const PRIVATE_ADDRESS = "EPRIVATEADDRESS";

// undici is about 3.7 MiB of heap: loaded by the first webhook POST, not at start, as most processes never send one.
export const undici = onFirstUse<typeof import("undici")>("undici");

type Callback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * An undici Agent whose connections resolve host names through a lookup that refuses private, loopback and
 * link-local addresses. `allowLocal` (WEBHOOK_ALLOW_HTTP) lets the names of this machine through, as url.ts does.
 */
export function guardedDispatcher(allowLocal: boolean): Agent {
  const guardedLookup = (hostname: string, options: object, callback: Callback) => {
    lookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, []);
      const local = allowLocal && LOCAL_HOSTS.has(hostname);
      const refused = !local && addresses.some((a) => isIP(a.address) !== 0 && privateAddress(a.address));
      if (refused) {
        const error: NodeJS.ErrnoException = new Error(`${hostname} resolves into the server's own network`);
        error.code = PRIVATE_ADDRESS;
        return callback(error, []);
      }
      // net.connect asks with `all: true` (happy eyeballs) or without; answer in the form it asked for.
      if ((options as { all?: boolean }).all) return callback(null, addresses);
      const [first] = addresses;
      return first ? callback(null, first.address, first.family) : callback(null, []);
    });
  };
  return new (undici().Agent)({ connect: { lookup: guardedLookup as never } });
}
