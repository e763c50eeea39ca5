import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';

/** One message as a mail server received it, decoded enough to assert on. */
export interface ReceivedMail {
  mailFrom: string;
  rcptTo: string[];
  /** The account the client signed in with, if any. */
  user: string | undefined;
  subject: string;
  from: string;
  to: string;
  text: string;
}

/**
 * A real SMTP server on 127.0.0.1 and a free port, for tests: plain text
 * (no STARTTLS), sign-in optional, every message kept in `received`.
 * `rejectRecipient` answers 550 for the addresses it matches; `credentials`
 * are the only ones accepted when a client signs in.
 */
export async function startSmtpServer(
  opts: { rejectRecipient?: (address: string) => boolean; credentials?: { user: string; pass: string } } = {},
) {
  const received: ReceivedMail[] = [];
  const options: SMTPServerOptions = {
    authOptional: true,
    allowInsecureAuth: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onAuth(auth, _session, callback) {
      const ok = opts.credentials && auth.username === opts.credentials.user && auth.password === opts.credentials.pass;
      if (!ok) return callback(new Error('Invalid username or password'));
      callback(null, { user: auth.username });
    },
    onRcptTo(address, _session, callback) {
      if (opts.rejectRecipient?.(address.address)) {
        return callback(Object.assign(new Error(`Mailbox ${address.address} unavailable`), { responseCode: 550 }));
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const mail = parseMail(Buffer.concat(chunks).toString('latin1'));
        received.push({
          mailFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          rcptTo: session.envelope.rcptTo.map((r) => r.address),
          user: session.user as string | undefined,
          ...mail,
        });
        callback();
      });
    },
  };
  const server = new SMTPServer(options);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Headers and the text body of a single-part message (what the email channel sends). */
function parseMail(raw: string) {
  const split = raw.indexOf('\r\n\r\n');
  const head = raw.slice(0, split).replace(/\r\n[ \t]+/g, ' ');
  const body = raw.slice(split + 4);
  const headers = new Map<string, string>();
  for (const line of head.split('\r\n')) {
    const colon = line.indexOf(':');
    headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  const encoding = (headers.get('content-transfer-encoding') ?? '7bit').toLowerCase();
  const bytes =
    encoding === 'base64'
      ? Buffer.from(body.replace(/\s+/g, ''), 'base64')
      : encoding === 'quoted-printable'
        ? quotedPrintable(body)
        : Buffer.from(body, 'latin1');
  return {
    subject: decodeWords(headers.get('subject') ?? ''),
    from: decodeWords(headers.get('from') ?? ''),
    to: decodeWords(headers.get('to') ?? ''),
    text: bytes.toString('utf8').replace(/\r\n/g, '\n').replace(/\n$/, ''),
  };
}

function quotedPrintable(s: string): Buffer {
  const text = s.replace(/=\r\n/g, '');
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const hex = text.slice(i + 1, i + 3);
    if (text[i] === '=' && /^[0-9A-F]{2}$/i.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else bytes.push(text.charCodeAt(i));
  }
  return Buffer.from(bytes);
}

/** RFC 2047 encoded words; adjacent ones join without the space between them (a character may span two). */
function decodeWords(value: string): string {
  return value.replace(/\?=\s+=\?/g, '?==?').replace(/((?:=\?[^?]+\?[BQbq]\?[^?]*\?=)+)/g, (run) => {
    const parts = [...run.matchAll(/=\?[^?]+\?([BQbq])\?([^?]*)\?=/g)].map(([, enc, data]) =>
      enc!.toUpperCase() === 'B' ? Buffer.from(data!, 'base64') : quotedPrintable(data!.replace(/_/g, ' ')),
    );
    return Buffer.concat(parts).toString('utf8');
  });
}
