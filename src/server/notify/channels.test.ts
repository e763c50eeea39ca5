import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Config } from '../config.ts';
import {
  ChannelConfigError,
  channelFromConfig,
  DeliverySkipped,
  emailChannel,
  LOG_CHANNEL_INFO_LINES,
  logChannel,
  smsChannel,
  wecomChannel,
} from './channels.ts';
import { startSmtpServer } from './smtp-server.test-support.ts';

const base: Config['notify'] = {
  channel: 'log',
  wecomWebhookUrl: null,
  smsGatewayUrl: null,
  smsGatewayToken: null,
  smtpUrl: null,
  mailFrom: 'taizhang@test',
};
const log = { info: () => undefined, warn: () => undefined, error: () => undefined };
const message = {
  to: { userId: 'u1', displayName: '陈晓梅', phone: null, email: null },
  title: '整改已超期',
  body: '大闵村 · 制度未上墙',
  link: null,
};

describe('channelFromConfig', () => {
  it('picks the log channel by default', () => {
    expect(channelFromConfig(base, log).name).toBe('log');
  });
  it('fails fast naming the missing setting', () => {
    expect(() => channelFromConfig({ ...base, channel: 'wecom' }, log)).toThrow(/WECOM_WEBHOOK_URL/);
    expect(() => channelFromConfig({ ...base, channel: 'sms', smsGatewayUrl: 'http://127.0.0.1:1/' }, log)).toThrow(/SMS_GATEWAY_TOKEN/);
  });
  it('email needs SMTP_URL', () => {
    expect(() => channelFromConfig({ ...base, channel: 'email' }, log)).toThrow(ChannelConfigError);
    expect(() => channelFromConfig({ ...base, channel: 'email' }, log)).toThrow(/SMTP_URL/);
    expect(channelFromConfig({ ...base, channel: 'email', smtpUrl: 'smtp://mail.example:25' }, log).name).toBe('email');
  });
});

describe('log channel', () => {
  it('writes each message to the log, the first ones of a run at info and the rest at debug, with one line saying so', async () => {
    const lines: Array<{ level: string; msg: string }> = [];
    const at = (level: string) => (fields: unknown, msg?: string) => void lines.push({ level, msg: msg ?? String(fields) });
    const channel = logChannel({ info: at('info'), warn: at('warn'), error: at('error'), debug: at('debug') } as never);
    for (let i = 0; i < LOG_CHANNEL_INFO_LINES + 5; i++) await channel.send({ ...message, title: `提醒 ${i}` });
    const info = lines.filter((l) => l.level === 'info');
    expect(info).toHaveLength(LOG_CHANNEL_INFO_LINES + 1);
    expect(info[0]!.msg).toContain('提醒 0');
    expect(info.at(-1)!.msg).toContain('LOG_LEVEL=debug');
    expect(lines.filter((l) => l.level === 'debug').map((l) => l.msg)).toHaveLength(5);
    expect(lines.at(-1)!.msg).toContain(`提醒 ${LOG_CHANNEL_INFO_LINES + 4}`);
  });
});

describe('HTTP channels against a local server', () => {
  let server: Server;
  let url: string;
  let reply: { status: number; body: string } = { status: 200, body: '{"errcode":0}' };
  beforeAll(async () => {
    server = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        res.statusCode = reply.status;
        res.end(reply.body);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  it('wecom: errcode 0 is success, any other errcode or a non-2xx fails', async () => {
    reply = { status: 200, body: '{"errcode":0,"errmsg":"ok"}' };
    await expect(wecomChannel(url).send(message)).resolves.toBeUndefined();
    reply = { status: 200, body: '{"errcode":93000,"errmsg":"invalid webhook url"}' };
    await expect(wecomChannel(url).send(message)).rejects.toThrow(/93000/);
    reply = { status: 404, body: 'not found' };
    await expect(wecomChannel(url).send(message)).rejects.toThrow(/HTTP 404/);
  });

  it('sms: skips a user without a phone, fails on a non-2xx', async () => {
    await expect(smsChannel(url, 't').send(message)).rejects.toBeInstanceOf(DeliverySkipped);
    reply = { status: 500, body: 'down' };
    await expect(smsChannel(url, 't').send({ ...message, to: { ...message.to, phone: '13800000000' } })).rejects.toThrow(/HTTP 500/);
  });

  it('an unreachable gateway fails with its host named', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    await expect(wecomChannel(`http://127.0.0.1:${port}/`).send(message)).rejects.toThrow(`127.0.0.1:${port}`);
  });
});

describe('email channel against a local SMTP server', () => {
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  const toSecretary = {
    ...message,
    to: { ...message.to, email: 'chen.xiaomei@example.cn' },
    title: '整改即将到期：DM-001 还有 1 天到期',
    link: 'http://taizhang.test/ledger/abc',
  };
  beforeAll(async () => {
    smtp = await startSmtpServer({
      rejectRecipient: (address) => address.startsWith('nobody@'),
      credentials: { user: 'taizhang', pass: 's3cret:/@' },
    });
  });
  afterAll(() => smtp.close());

  it('sends one plain-text mail: the title as subject, the reminder text as body, signed in with the URL’s account', async () => {
    smtp.received.length = 0;
    const channel = channelFromConfig(
      {
        ...base,
        channel: 'email',
        smtpUrl: `smtp://taizhang:${encodeURIComponent('s3cret:/@')}@127.0.0.1:${smtp.port}`,
        mailFrom: '台账提醒 <taizhang@district.test>',
      },
      log,
    );
    await channel.send(toSecretary);
    expect(smtp.received).toHaveLength(1);
    const mail = smtp.received[0]!;
    expect(mail.user).toBe('taizhang');
    expect(mail.mailFrom).toBe('taizhang@district.test');
    expect(mail.rcptTo).toEqual(['chen.xiaomei@example.cn']);
    expect(mail.from).toBe('台账提醒 <taizhang@district.test>');
    expect(mail.to).toContain('陈晓梅');
    expect(mail.subject).toBe('整改即将到期：DM-001 还有 1 天到期');
    expect(mail.text).toBe(
      ['【台账提醒】陈晓梅：整改即将到期：DM-001 还有 1 天到期', '大闵村 · 制度未上墙', 'http://taizhang.test/ledger/abc'].join('\n'),
    );
  });

  it('a recipient the server refuses, or a wrong password, makes the send throw (the job retries it)', async () => {
    smtp.received.length = 0;
    const url = `smtp://127.0.0.1:${smtp.port}`;
    const refused = emailChannel(url, 'taizhang@district.test').send({
      ...toSecretary,
      to: { ...toSecretary.to, email: 'nobody@example.cn' },
    });
    await expect(refused).rejects.toThrow(/550/);
    await expect(refused).rejects.not.toBeInstanceOf(DeliverySkipped);
    await expect(refused).rejects.toThrow(`127.0.0.1:${smtp.port}`);
    const badLogin = emailChannel(`smtp://taizhang:wrong@127.0.0.1:${smtp.port}`, 'taizhang@district.test').send(toSecretary);
    await expect(badLogin).rejects.toThrow(/Invalid username or password/);
    await expect(badLogin).rejects.not.toThrow(/wrong/);
    expect(smtp.received).toHaveLength(0);
  });

  it('skips a user without an email address and sends nothing', async () => {
    smtp.received.length = 0;
    await expect(emailChannel(`smtp://127.0.0.1:${smtp.port}`, 'taizhang@district.test').send(message)).rejects.toBeInstanceOf(
      DeliverySkipped,
    );
    expect(smtp.received).toHaveLength(0);
  });

  it('an unreachable SMTP server fails with its host named', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    await expect(emailChannel(`smtp://127.0.0.1:${port}`, 'taizhang@district.test').send(toSecretary)).rejects.toThrow(`127.0.0.1:${port}`);
  });
});
