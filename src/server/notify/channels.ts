import type { FastifyBaseLogger } from 'fastify';
import { createTransport } from 'nodemailer';
import type { Config } from '../config.ts';

/**
 * Outbound delivery of notifications besides the in-app centre. One
 * interface, one implementation per channel, chosen by NOTIFY_CHANNEL; the
 * default writes to the log. A channel throws on failure (the reminders job
 * counts the attempt and retries later) and throws `DeliverySkipped` when it
 * can never deliver to this recipient (no retry).
 */
export interface OutboundMessage {
  to: { userId: string; displayName: string; phone: string | null; email: string | null };
  title: string;
  body: string;
  /** A full URL when PUBLIC_URL is set, else the in-app path; null when there is nothing to open. */
  link: string | null;
}

export interface NotificationChannel {
  readonly name: Config['notify']['channel'];
  send(message: OutboundMessage): Promise<void>;
}

export type ChannelLog = Pick<FastifyBaseLogger, 'info' | 'warn' | 'error'>;

/** This recipient cannot be reached on this channel (e.g. no phone number for SMS): record why, do not retry. */
export class DeliverySkipped extends Error {}

/** The chosen channel's settings are missing or wrong. */
export class ChannelConfigError extends Error {}

const TIMEOUT_MS = 5_000;
/** An SMTP server may be slow to greet (reverse DNS, tarpitting); still give up well within the job's lease. */
const SMTP_TIMEOUT_MS = 10_000;

/** The plain text every channel sends. */
export function messageText(m: OutboundMessage): string {
  return [`【台账提醒】${m.to.displayName}：${m.title}`, m.body, m.link].filter(Boolean).join('\n');
}

/** Per channel instance (one job run), this many messages go to the log at info level; the rest at debug. */
export const LOG_CHANNEL_INFO_LINES = 20;

export function logChannel(log: ChannelLog & Partial<Pick<FastifyBaseLogger, 'debug'>>): NotificationChannel {
  // A first run over a whole ledger (e.g. the demo) would otherwise bury the start-up banner under hundreds of lines.
  let sent = 0;
  return {
    name: 'log',
    send: async (m) => {
      sent++;
      const fields = { channel: 'log', userId: m.to.userId, title: m.title, link: m.link };
      const line = `notification for ${m.to.displayName}: ${m.title}`;
      if (sent <= LOG_CHANNEL_INFO_LINES) log.info(fields, line);
      else log.debug?.(fields, line);
      if (sent === LOG_CHANNEL_INFO_LINES + 1)
        log.info(`more notifications in this run are logged at debug level (LOG_LEVEL=debug shows them)`);
    },
  };
}

/** A WeCom (企业微信) group robot: POST {msgtype:'text', text:{content}}; it answers {errcode:0} on success. */
export function wecomChannel(webhookUrl: string): NotificationChannel {
  return {
    name: 'wecom',
    send: async (m) => {
      const res = await postJson(webhookUrl, { msgtype: 'text', text: { content: messageText(m) } });
      const answer = (await res.json().catch(() => null)) as { errcode?: unknown; errmsg?: unknown } | null;
      if (answer && answer.errcode !== undefined && answer.errcode !== 0) {
        throw new Error(`企业微信返回错误 ${JSON.stringify(answer.errcode)}: ${JSON.stringify(answer.errmsg ?? '')}`);
      }
    },
  };
}

/** An HTTP SMS gateway: POST {phone, text} with a Bearer token; any 2xx is success. */
export function smsChannel(gatewayUrl: string, token: string): NotificationChannel {
  return {
    name: 'sms',
    send: async (m) => {
      if (!m.to.phone) throw new DeliverySkipped('用户没有登记手机号，无法发送短信 (no phone number)');
      await postJson(gatewayUrl, { phone: m.to.phone, text: messageText(m) }, { authorization: `Bearer ${token}` });
    },
  };
}

/**
 * Plain-text mail through an SMTP server: `smtpUrl` is smtp://user:pass@host:port
 * (STARTTLS when the server offers it) or smtps:// (TLS from the start).
 * The subject is the title; the body is the same text the other channels send.
 */
export function emailChannel(smtpUrl: string, from: string): NotificationChannel {
  const transport = createTransport({
    url: smtpUrl,
    connectionTimeout: SMTP_TIMEOUT_MS,
    greetingTimeout: SMTP_TIMEOUT_MS,
    socketTimeout: SMTP_TIMEOUT_MS,
    dnsTimeout: SMTP_TIMEOUT_MS,
  });
  // Only host:port in messages: the URL carries the password.
  const host = new URL(smtpUrl).host;
  return {
    name: 'email',
    send: async (m) => {
      if (!m.to.email) throw new DeliverySkipped('用户没有登记电子邮箱，无法发送邮件 (no email address)');
      try {
        await transport.sendMail({
          from,
          to: { name: m.to.displayName, address: m.to.email },
          subject: m.title,
          text: messageText(m),
        });
      } catch (err) {
        throw new Error(`邮件发送失败 (${host}): ${(err as Error).message}`);
      }
    },
  };
}

async function postJson(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  let res: Response;
  try {
    res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (err) {
    const reason = (err as Error).name === 'TimeoutError' ? `no answer within ${TIMEOUT_MS / 1000} s` : (err as Error).message;
    throw new Error(`发送失败 (${new URL(url).host}): ${reason}`);
  }
  if (res.status < 200 || res.status >= 300) {
    const text = await res.text().catch(() => '');
    throw new Error(`发送失败 (${new URL(url).host}): HTTP ${res.status} ${text.slice(0, 200)}`);
  }
  return res;
}

/**
 * The channel NOTIFY_CHANNEL names. Throws ChannelConfigError naming what is
 * missing, so a bad setting fails at start rather than at the first reminder.
 */
export function channelFromConfig(notify: Config['notify'], log: ChannelLog): NotificationChannel {
  switch (notify.channel) {
    case 'log':
      return logChannel(log);
    case 'wecom':
      if (!notify.wecomWebhookUrl)
        throw new ChannelConfigError('NOTIFY_CHANNEL=wecom needs WECOM_WEBHOOK_URL (the group robot webhook URL)');
      return wecomChannel(notify.wecomWebhookUrl);
    case 'sms':
      if (!notify.smsGatewayUrl || !notify.smsGatewayToken) {
        throw new ChannelConfigError('NOTIFY_CHANNEL=sms needs SMS_GATEWAY_URL and SMS_GATEWAY_TOKEN');
      }
      return smsChannel(notify.smsGatewayUrl, notify.smsGatewayToken);
    case 'email':
      if (!notify.smtpUrl) throw new ChannelConfigError('NOTIFY_CHANNEL=email needs SMTP_URL (smtp://user:pass@host:port or smtps://…)');
      return emailChannel(notify.smtpUrl, notify.mailFrom);
  }
}
