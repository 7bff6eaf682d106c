// A real SMTP server in the test process (smtp-server), speaking SMTP on a free port: it keeps every message it took,
// parsed (mailparser), and can go down, refuse connections, reject addresses or hold a message in its DATA phase.
import type { AddressInfo } from "node:net";
import { simpleParser } from "mailparser";
import { SMTPServer, type SMTPServerDataStream } from "smtp-server";

export interface ReceivedMail {
  messageId: string;
  /** Envelope recipients (RCPT TO). */
  to: string[];
  from: string;
  subject: string;
  text: string;
}

export interface TestSmtp {
  /** smtp://127.0.0.1:<port>, for SMTP_URL; the same after stop() and start(). */
  url: string;
  received: ReceivedMail[];
  /** Resolves once `count` messages arrived in all; rejects after timeoutMs. */
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedMail[]>;
  /**
   * From now on answers every connection with 421 (the server is there but will not take mail) until set false; open
   * connections (a sender's pool) are cut, so the next message meets the refusal.
   */
  refuse(on: boolean): Promise<void>;
  /** RCPT TO an address matching this answers 550 (no such mailbox), for good. */
  rejectRecipient(pattern: RegExp): void;
  /**
   * The next message's DATA is read but never answered: the sender waits, as with a server gone silent mid-send.
   * Resolves once a message is held; the held connection is cut at stop().
   */
  stallNext(): Promise<void>;
  /** Down: no longer listening, open connections dropped (the sender sees its connection refused). */
  stop(): Promise<void>;
  /** Up again on the same port. */
  start(): Promise<void>;
}

export async function startSmtp(): Promise<TestSmtp> {
  const received: ReceivedMail[] = [];
  const waiters = new Set<() => void>();
  let refusing = false;
  const rejected: RegExp[] = [];
  let stall: (() => void) | undefined;
  const held = new Set<SMTPServerDataStream>();

  const create = () => {
    const smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ["STARTTLS", "AUTH"],
      logger: false,
      // stop() cuts open connections after this, instead of smtp-server's 30 s grace.
      closeTimeout: 50,
      onConnect(_session, callback) {
        if (!refusing) return callback();
        callback(Object.assign(new Error("Tijdelijk niet beschikbaar"), { responseCode: 421 }));
      },
      onRcptTo(address, _session, callback) {
        if (!rejected.some((p) => p.test(address.address))) return callback();
        callback(Object.assign(new Error("Geen postbus"), { responseCode: 550 }));
      },
      onData(stream, session, callback) {
        if (stall) {
          const heldNow = stall;
          stall = undefined;
          held.add(stream);
          stream.resume();
          heldNow();
          return;
        }
        simpleParser(stream).then(
          (parsed) => {
            received.push({
              messageId: parsed.messageId ?? "",
              to: session.envelope.rcptTo.map((r) => r.address),
              from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
              subject: parsed.subject ?? "",
              text: parsed.text ?? "",
            });
            callback();
            for (const wake of waiters) wake();
          },
          (err: Error) => callback(err),
        );
      },
    });
    // A sender that dies mid-conversation (a killed process) resets its connection; smtp-server reports that as an
    // 'error' event, which would be thrown without a listener. That death is what some tests cause on purpose.
    smtp.on("error", (err: NodeJS.ErrnoException) => {
      if (err.code !== "ECONNRESET" && err.code !== "EPIPE") throw err;
    });
    return smtp;
  };

  let server = create();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.server.address() as AddressInfo;

  async function stop() {
    for (const stream of held) stream.destroy();
    held.clear();
    await new Promise<void>((resolve) => server.close(resolve));
  }
  async function start() {
    server = create();
    await new Promise<void>((resolve, reject) => {
      server.server.once("error", reject);
      server.listen(port, "127.0.0.1", resolve);
    });
  }
  async function restart() {
    await stop();
    await start();
  }

  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    waitFor: (count, timeoutMs = 15_000) =>
      new Promise((resolve, reject) => {
        const check = () => {
          if (received.length < count) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve(received);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`${received.length} of ${count} mails arrived in time`));
        }, timeoutMs);
        waiters.add(check);
        check();
      }),
    refuse: async (on) => {
      refusing = on;
      if (on) await restart();
    },
    rejectRecipient: (pattern) => {
      rejected.push(pattern);
    },
    stallNext: () =>
      new Promise<void>((resolve) => {
        stall = resolve;
      }),
    stop,
    start,
  };
}
