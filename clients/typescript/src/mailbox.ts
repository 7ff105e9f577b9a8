// An SMTP server on 127.0.0.1 that keeps every message it is given, for the end-to-end script: the service's
// mailer is pointed at it (plain SMTP, no TLS, no authentication), and the script reads the codes from it.
import { simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";

export interface Mail {
  to: string[];
  subject: string;
  text: string;
}

export class Mailbox {
  private readonly mails: Mail[] = [];
  private readonly server: SMTPServer;

  constructor() {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ["STARTTLS", "AUTH"],
      logger: false,
      onData: (stream, _session, callback) => {
        simpleParser(stream)
          .then((parsed) => {
            const to = [parsed.to ?? []].flat().flatMap((a) => a.value.map((v) => (v.address ?? "").toLowerCase()));
            this.mails.push({ to, subject: parsed.subject ?? "", text: parsed.text ?? "" });
            callback();
          })
          .catch((error: Error) => callback(error));
      },
    });
  }

  listen(port: number): Promise<void> {
    return new Promise((resolve, reject) => {
      this.server.once("error", reject);
      this.server.listen(port, "127.0.0.1", () => resolve());
    });
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  /** The mails to the address so far. */
  to(address: string): Mail[] {
    return this.mails.filter((m) => m.to.includes(address.toLowerCase()));
  }

  /** Waits for the n-th mail (1-based) to the address. */
  async await(address: string, n: number, timeoutMs = 60_000): Promise<Mail> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const mail = this.to(address)[n - 1];
      if (mail) {
        return mail;
      }
      if (Date.now() > deadline) {
        throw new Error(`no mail number ${n} to ${address} within ${timeoutMs} ms`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

/** The verification code in a mail: eight digits on a line of their own. */
export function codeIn(mail: Mail): string {
  const match = /^\s*(\d{8})\s*$/m.exec(mail.text);
  if (!match?.[1]) {
    throw new Error(`no code in the mail "${mail.subject}"`);
  }
  return match[1];
}
