// Every recurring job and its schedule: the one place to add one (the scheduler, scheduler.ts, runs them).
import type { Db } from "../db/client.js";
import { type PromptJobDeps, runFreshnessPrompts } from "../features/freshness/prompt.js";
import { sendDigests } from "../features/mail/digest.js";
import {
  noticeOverdueAmbulant,
  type ReminderDeps,
  remindUnansweredReservations,
} from "../features/notifications/reminders.js";
import type { MailSettings } from "../features/notifications/service.js";
import type { PlacementDeps } from "../features/placements/deps.js";
import { expireReservations } from "../features/placements/reservations.js";
import { type RetentionSettings, runRetention } from "../features/retention/service.js";
import type { Job } from "./scheduler.js";

/** Retention runs when the region sleeps; any hour would do, once a day. */
const RETENTION_HOUR = 3;

export interface JobDeps {
  db: Db;
  placements: PlacementDeps;
  reminders: ReminderDeps;
  retention: RetentionSettings;
  /** The daily digest e-mail: its hour in Amsterdam (DIGEST_HOUR) and the links' base. */
  digest: { hour: number; settings: MailSettings };
  /** The one-tap freshness prompts: STALE_AFTER_HOURS, FRESHNESS_PROMPT_HOURS and the links' base. */
  freshness: PromptJobDeps;
}

export function recurringJobs(deps: JobDeps): Job[] {
  return [
    {
      name: "reserveringen-verlopen",
      // A reservation past its time holds a place nobody may take: freed within seconds, as before the scheduler.
      // At most a batch per slot (expireReservations, SKIP LOCKED); the next slot takes the rest.
      schedule: { everySeconds: 2 },
      run: async (now) => ({ expired: await expireReservations(deps.placements, now) }),
    },
    {
      name: "reservering-herinneringen",
      schedule: { everySeconds: 60 },
      run: (now) => remindUnansweredReservations(deps.reminders, now),
    },
    {
      name: "ambulant-te-laat",
      // Due dates are whole days after the crisis (CRISIS_AMBULANT_DAYS): a few minutes late is on time.
      schedule: { everySeconds: 300 },
      run: (now) => noticeOverdueAmbulant(deps.reminders, now),
    },
    {
      name: "retentie",
      schedule: { dailyAtHour: RETENTION_HOUR },
      // job_runs stays retention's own history (the panel): a day already done there does nothing here.
      run: async (now) => {
        const outcome = await runRetention(deps.db, deps.retention, now);
        return outcome.ran ? outcome.counts : {};
      },
    },
    {
      name: "dagelijkse-samenvatting",
      // One mail per user with what waited for it; written with the notices' flags in one transaction.
      schedule: { dailyAtHour: deps.digest.hour },
      run: (now) => deps.db.transaction((tx) => sendDigests(tx, deps.digest.settings, now)),
    },
    {
      name: "cijfers-herinneringen",
      // A prompt comes FRESHNESS_PROMPT_HOURS (default 24) before the numbers go stale: a quarter of an hour late is
      // on time, and each provider is asked once per stretch however often this runs.
      schedule: { everySeconds: 900 },
      run: (now) => runFreshnessPrompts(deps.freshness, now),
    },
  ];
}
