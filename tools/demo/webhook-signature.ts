import { Webhook } from 'standardwebhooks';
import { ReceivedRequest } from './http-receiver';

/**
 * Whether the request is signed with the endpoint's secret, checked as any receiver would: with the
 * official Standard Webhooks library (webhook-id, webhook-timestamp within its tolerance, and one of
 * the webhook-signature values an HMAC of "id.timestamp.body").
 */
export function signatureVerifies(secret: string, request: ReceivedRequest): boolean {
  try {
    new Webhook(secret).verify(request.body, request.headers);
    return true;
  } catch {
    return false;
  }
}
