// What the placement use cases need from the rest of the app.
import type { PlaceAvailable } from "../../../shared/schemas/placements.js";
import type { Db } from "../../db/client.js";
import type { CapacityDeps } from "../capacity/service.js";
import type { Created, NotificationSettings } from "../notifications/service.js";
import type { MatchIndex } from "./match-index.js";

export interface PlacementDeps {
  db: Db;
  capacity: CapacityDeps;
  /** Every location as matching sees it, kept current from the database's logs. */
  matchIndex: MatchIndex;
  config: {
    reservationExpiryMinutes: number;
    escalateAfterDeclines: number;
    crisisAmbulantDays: number;
  };
  /** Tells a provider's open boards that its reservations changed. */
  notifyProvider(providerId: number): void;
  /** Tells the request's maker and the regisseurs that it changed (its id only; they fetch it, which is logged). */
  notifyRequest(request: { id: number; createdBy: number }): void;
  /** Tells a regisseur who follows a request of a place that fits it (requests:place-available). */
  notifyWatcher(userId: number, notice: PlaceAvailable): void;
  /** Links in e-mails and the RET's address, for the notifications the use cases write in their transactions. */
  notifications: NotificationSettings;
  /** After the commit: the notifications it created go to their users' open sockets (notifications:new). */
  notifyUsers(created: readonly Created[]): void;
}
