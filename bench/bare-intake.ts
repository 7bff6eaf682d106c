// How the bare socket.io baselines receive a change: the writer's own request (POST /api/locations/:id/occupancy with
// {"change": ..., "places": 1}) over node:http on kept-alive connections, as the app receives it, answered with a
// small JSON body. Feeding bare over the bench's IPC channel instead left out the cost of receiving a change over
// HTTP (about 0.5 ms of CPU per request at 100/s on the 2-core machine), which the app cannot avoid and bare did
// not pay. No database, express, session, validation library or logging: those are the app's own.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Change } from "./ipc.js";

/** The sequence the bench gives an event when several bare processes share one (the app's nodes share the log's). */
export const SEQ_HEADER = "x-bench-seq";

const PATH = /^\/api\/locations\/(\d+)\/occupancy$/;

/** A request listener for node:http: emit(locationId, change, seq?) broadcasts and returns the event's seq. */
export function bareIntake(emit: (locationId: number, change: Change, seq?: number) => number) {
  return (req: IncomingMessage, res: ServerResponse) => {
    const answer = (status: number, body: object) => {
      const text = JSON.stringify(body);
      res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
      res.end(text);
    };
    const id = req.method === "POST" ? PATH.exec(req.url ?? "")?.[1] : undefined;
    if (!id) return answer(404, { error: "not found" });
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (chunk: string) => {
      body += chunk;
    });
    req.on("end", () => {
      try {
        const { change } = JSON.parse(body) as { change?: unknown };
        if (change !== "bezet" && change !== "vrijgekomen") return answer(400, { error: "change" });
        const given = req.headers[SEQ_HEADER];
        answer(200, { seq: emit(Number(id), change, typeof given === "string" ? Number(given) : undefined) });
      } catch (err) {
        answer(400, { error: (err as Error).message });
      }
    });
  };
}
