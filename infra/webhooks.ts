// Outbound webhooks to the Standard Webhooks spec (https://www.standardwebhooks.com, signed with its
// reference library): every request carries `webhook-id` (the same on every retry of one message),
// `webhook-timestamp` (Unix seconds of this attempt) and `webhook-signature`
// (`v1,<base64 HMAC-SHA256 of "<id>.<timestamp>.<body>">`), so a receiver can reject tampered bodies and
// replays older than its tolerance (5 minutes in the libraries). Receivers: docs/webhooks.md.
import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { fetch, type Agent } from 'undici';

/** A new signing secret in the spec's format: `whsec_` + base64 of 32 random bytes. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

/** The three signature headers for one attempt of message `id` with `body`, signed at `at`. */
export function webhookSignatureHeaders(secret: string, id: string, body: string, at: Date = new Date()): Record<'webhook-id' | 'webhook-timestamp' | 'webhook-signature', string> {
  return {
    'webhook-id': id,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': new Webhook(secret).sign(id, at, body),
  };
}

export interface WebhookDelivery {
  url: string;
  secret: string;
  /** The message id: stable across retries, so receivers can drop duplicates. */
  id: string;
  body: string;
  /** The dispatcher that decides where the connection may go (infra/publicUrl.ts publicOnlyAgent). */
  dispatcher: Agent;
  headers?: Record<string, string>;
  timeoutMs: number;
}

/** POSTs one signed attempt; resolves to the receiver's status (redirects are not followed). */
export async function postWebhook(delivery: WebhookDelivery): Promise<number> {
  const response = await fetch(delivery.url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'user-agent': 'TripSage-Webhooks/2',
      ...delivery.headers,
      ...webhookSignatureHeaders(delivery.secret, delivery.id, delivery.body),
    },
    body: delivery.body,
    redirect: 'manual',
    dispatcher: delivery.dispatcher,
    signal: AbortSignal.timeout(delivery.timeoutMs),
  });
  await response.body?.cancel();
  return response.status;
}
