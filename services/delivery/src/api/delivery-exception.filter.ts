import { domainExceptionFilter } from '@care-events/service-kit';
import { EndpointException } from '../domain/endpoint';
import { EndpointErrorCode } from '../domain/endpoint-error';

type TransitionCode = EndpointException['code'];

/** Every error code of the endpoints API and the HTTP status it answers with. */
export const DeliveryExceptionFilter = domainExceptionFilter<EndpointErrorCode | TransitionCode>({
  [EndpointErrorCode.NotFound]: 404,
  [EndpointErrorCode.Forbidden]: 403,
  [EndpointErrorCode.BadValue]: 400,
  [EndpointErrorCode.SubscriptionNotFound]: 404,
  [EndpointErrorCode.SubscriptionNotReceiving]: 409,
  [EndpointErrorCode.CareRouterUnavailable]: 503,
  [EndpointErrorCode.FeedUnavailable]: 503,
  [EndpointErrorCode.EventUnreadable]: 422,
  [EndpointErrorCode.WrongFormat]: 409,
  [EndpointErrorCode.NothingToSkip]: 409,
  [EndpointErrorCode.SecretNotFound]: 404,
  [EndpointErrorCode.NewestSecret]: 409,
  ENDPOINT_ILLEGAL_TRANSITION: 409,
});
