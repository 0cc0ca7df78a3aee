import { domainExceptionFilter } from '@care-events/service-kit';
import { SubscriptionErrorCode } from '../domain/subscription-error';

/** Every error code of subscriptions and the HTTP status it answers with. */
export const SubscriptionsExceptionFilter = domainExceptionFilter<SubscriptionErrorCode>({
  [SubscriptionErrorCode.NotFound]: 404,
  [SubscriptionErrorCode.AlreadySubscribed]: 409,
  [SubscriptionErrorCode.IllegalTransition]: 409,
  [SubscriptionErrorCode.NotAnAdministrator]: 403,
  [SubscriptionErrorCode.TopicNotProvisioned]: 503,
});
