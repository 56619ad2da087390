import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import twilio from 'twilio';
import type { RequestOptions } from 'twilio/lib/base/RequestClient';
import type Response from 'twilio/lib/http/response';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { lazyTwilioSender } from './sender.ts';
import { createTwilioSender } from './twilio.ts';
import { SmsError } from './types.ts';

const SID = `AC${'a1'.repeat(16)}`;
const TOKEN = 'super-secret-auth-token-0123456789';
const MG = `MG${'b2'.repeat(16)}`;

interface Seen {
  method: string;
  url: string;
  authorization: string;
  form: URLSearchParams;
}

/** Stands in for api.twilio.com's Messages endpoint; each test sets the reply. */
let reply: { status: number; body: unknown } = { status: 201, body: {} };
let seen: Seen[] = [];
let server: Server;
let origin = '';

/** The SDK's own RequestClient, with Twilio's host swapped for a local origin. */
function localRequestClient(target: () => string): twilio.RequestClient {
  class LocalRequestClient extends twilio.RequestClient {
    override request<TData>(opts: RequestOptions<TData>): Promise<Response<TData>> {
      const uri = opts.uri.replace('https://api.twilio.com', target());
      return super.request<TData>({ ...opts, uri });
    }
  }
  return new LocalRequestClient({ keepAlive: false });
}

async function readBody(req: IncomingMessage): Promise<string> {
  let text = '';
  for await (const chunk of req) text += String(chunk);
  return text;
}

beforeAll(async () => {
  server = createServer((req, res) => {
    void readBody(req).then((text) => {
      seen.push({
        method: req.method ?? '',
        url: req.url ?? '',
        authorization: req.headers.authorization ?? '',
        form: new URLSearchParams(text),
      });
      res.writeHead(reply.status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(reply.body));
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.close();
  await once(server, 'close');
});

beforeEach(() => {
  seen = [];
});

function created(form: URLSearchParams) {
  return {
    sid: `SM${'c3'.repeat(16)}`,
    account_sid: SID,
    to: form.get('To'),
    from: form.get('From'),
    messaging_service_sid: form.get('MessagingServiceSid'),
    body: form.get('Body'),
    status: 'queued',
    num_segments: '1',
    direction: 'outbound-api',
    api_version: '2010-04-01',
    date_created: 'Thu, 01 Jan 2026 10:00:00 +0000',
    uri: `/2010-04-01/Accounts/${SID}/Messages/SM${'c3'.repeat(16)}.json`,
  };
}

function sender(extra: { from?: string; messagingServiceSid?: string } = { from: '+15005550006' }) {
  return createTwilioSender({
    accountSid: SID,
    authToken: TOKEN,
    httpClient: localRequestClient(() => origin),
    ...extra,
  });
}

describe('Twilio sender through the real SDK', () => {
  it('posts the message to the Messages endpoint and returns the message SID', async () => {
    reply = {
      status: 201,
      body: created(
        new URLSearchParams({
          To: '+919876543210',
          From: '+15005550006',
          Body: 'Your code is 123456',
        }),
      ),
    };
    const receipt = await sender().send('+919876543210', 'Your code is 123456', 'password_reset');

    expect(receipt).toEqual({ providerId: `SM${'c3'.repeat(16)}`, transport: 'twilio' });
    expect(seen).toHaveLength(1);
    const [req] = seen;
    expect(req?.method).toBe('POST');
    expect(req?.url).toBe(`/2010-04-01/Accounts/${SID}/Messages.json`);
    expect(req?.authorization).toBe(`Basic ${Buffer.from(`${SID}:${TOKEN}`).toString('base64')}`);
    expect(req?.form.get('To')).toBe('+919876543210');
    expect(req?.form.get('From')).toBe('+15005550006');
    expect(req?.form.get('Body')).toBe('Your code is 123456');
    expect(req?.form.has('MessagingServiceSid')).toBe(false);
  });

  it('sends through a messaging service when one is configured', async () => {
    reply = {
      status: 201,
      body: created(
        new URLSearchParams({ To: '+919876543210', MessagingServiceSid: MG, Body: 'hi' }),
      ),
    };
    await sender({ messagingServiceSid: MG }).send('+919876543210', 'hi', 'alert');

    expect(seen[0]?.form.get('MessagingServiceSid')).toBe(MG);
    expect(seen[0]?.form.has('From')).toBe(false);
  });

  it('reports an invalid number (HTTP 400) as a clear, non-retryable SmsError', async () => {
    reply = {
      status: 400,
      body: {
        code: 21211,
        message: "The 'To' number +9100 is not a valid phone number.",
        more_info: 'https://www.twilio.com/docs/errors/21211',
        status: 400,
      },
    };
    const error = await sender()
      .send('+9100', 'hi', 'alert')
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(SmsError);
    const smsError = error as SmsError;
    expect(smsError.retryable).toBe(false);
    expect(smsError.status).toBe(400);
    expect(smsError.message).toContain('21211');
    expect(smsError.message).toContain('not a valid phone number');
    expect(smsError.message).not.toContain(TOKEN);
  });

  it('reports a Twilio server error (HTTP 500) as retryable', async () => {
    reply = { status: 500, body: { code: 20500, message: 'Internal Server Error', status: 500 } };
    const error = await sender()
      .send('+919876543210', 'hi', 'alert')
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(SmsError);
    expect((error as SmsError).retryable).toBe(true);
    expect((error as SmsError).status).toBe(500);
    expect((error as SmsError).message).not.toContain(TOKEN);
  });

  it('reports an unreachable Twilio as retryable without the auth token in the message', async () => {
    const closed = createServer();
    closed.listen(0, '127.0.0.1');
    await once(closed, 'listening');
    const deadPort = (closed.address() as AddressInfo).port;
    closed.close();
    await once(closed, 'close');

    const dead = createTwilioSender({
      accountSid: SID,
      authToken: TOKEN,
      from: '+15005550006',
      httpClient: localRequestClient(() => `http://127.0.0.1:${deadPort}`),
    });
    const error = await dead.send('+919876543210', 'hi', 'alert').catch((e: unknown) => e);

    expect(error).toBeInstanceOf(SmsError);
    expect((error as SmsError).retryable).toBe(true);
    expect((error as SmsError).message).toMatch(/could not be reached/);
    expect((error as SmsError).message).not.toContain(TOKEN);
  });

  it('refuses a configuration without a sender number or messaging service', () => {
    expect(() => createTwilioSender({ accountSid: SID, authToken: TOKEN })).toThrow(/sender/);
  });
});

describe('lazy Twilio sender (the SDK is imported on first use)', () => {
  it('refuses a configuration without a sender at once, before any import', () => {
    expect(() => lazyTwilioSender({ accountSid: SID, authToken: TOKEN })).toThrow(/sender/);
    expect(() => lazyTwilioSender({ accountSid: '', authToken: TOKEN, from: '+1' })).toThrow(
      /account SID/,
    );
  });

  it('sends through the real SDK and maps its errors like the eager sender', async () => {
    const lazy = lazyTwilioSender({
      accountSid: SID,
      authToken: TOKEN,
      from: '+15005550006',
      httpClient: localRequestClient(() => origin),
    });
    expect(lazy.transport).toBe('twilio');
    reply = {
      status: 201,
      body: created(new URLSearchParams({ To: '+919876543210', From: '+15005550006', Body: 'a' })),
    };
    const receipt = await lazy.send('+919876543210', 'a', 'alert');
    expect(receipt).toEqual({ providerId: `SM${'c3'.repeat(16)}`, transport: 'twilio' });
    expect(seen[0]?.form.get('Body')).toBe('a');

    reply = {
      status: 400,
      body: { code: 21211, message: 'not a valid phone number', status: 400 },
    };
    const error = await lazy.send('+9100', 'b', 'alert').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SmsError);
    expect((error as SmsError).retryable).toBe(false);
    expect(seen).toHaveLength(2);
  });
});
