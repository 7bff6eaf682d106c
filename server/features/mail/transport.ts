// Sending one outbox mail over SMTP (nodemailer), with a Message-ID that is the same on every attempt.
import { createHash } from "node:crypto";
import type { SendMailOptions } from "nodemailer";
import type { ClaimedMail } from "./repository.js";

export interface MailTransport {
  send(mail: ClaimedMail & { body: string }): Promise<void>;
  /** Ends pooled connections; a send under way fails (and is retried by whoever claims the mail next). */
  close(): void;
}

export interface TransportSettings {
  smtpUrl: string;
  from: string;
  /** PUBLIC_URL: names the deployment in the Message-ID. */
  publicUrl: string;
}

// A silent server must not hold a send past the lease (worker.ts): each phase of SMTP has its own limit.
const CONNECTION_TIMEOUT_MS = 10_000;
const SOCKET_TIMEOUT_MS = 30_000;
const MAX_CONNECTIONS = 4;

export function smtpTransport(settings: TransportSettings): MailTransport {
  // Loaded with the first transport: nodemailer holds about 3 MiB of heap, which a process without SMTP_URL (and a
  // node serving live updates) need not carry.
  const transporter = import("nodemailer").then(({ default: nodemailer }) =>
    nodemailer.createTransport({
      url: settings.smtpUrl,
      pool: true,
      maxConnections: MAX_CONNECTIONS,
      connectionTimeout: CONNECTION_TIMEOUT_MS,
      greetingTimeout: CONNECTION_TIMEOUT_MS,
      socketTimeout: SOCKET_TIMEOUT_MS,
    }),
  );
  // Aborts the sends under way at close(): the pool's own close() waits for a busy connection to finish.
  const stopping = new AbortController();
  return {
    send: async (mail) => {
      const options: SendMailOptions & { signal: AbortSignal } = {
        from: settings.from,
        to: mail.toAddress,
        subject: mail.subject,
        text: mail.body,
        messageId: messageId(settings.publicUrl, mail.id),
        // nodemailer 10 takes an abort signal per message; its types (@types/nodemailer 8) do not know it yet.
        signal: stopping.signal,
      };
      await (await transporter).sendMail(options);
    },
    close: () => {
      stopping.abort();
      void transporter.then((t) => t.close());
    },
  };
}

/**
 * `<uitgaand-12.3f9a1c2b@wijzer.example.nl>`: the outbox row and the deployment. A mail sent again after a process died
 * mid-send (at least once) carries the same id, so a mail server or reader can tell it is the same message.
 */
export function messageId(publicUrl: string, id: number): string {
  const url = new URL(publicUrl);
  const deployment = createHash("sha256").update(url.origin).digest("hex").slice(0, 8);
  return `<uitgaand-${id}.${deployment}@${url.hostname}>`;
}

/**
 * What a failed attempt records: the SMTP reply code, else the error's code or class. Never the message, which can
 * hold the address or the server's echo of the mail.
 */
export function failureOf(err: unknown): string {
  const e = err as { responseCode?: unknown; code?: unknown; name?: unknown };
  if (typeof e?.responseCode === "number") return `SMTP ${e.responseCode}`;
  if (typeof e?.code === "string" && /^[A-Z_]+$/.test(e.code)) return e.code;
  return err instanceof Error ? err.name : "onbekende fout";
}
