import { DomainException } from '@care-events/domain-primitives';

/** Why the endpoints API refuses a request; each code has its HTTP status in api/delivery-exception.filter.ts. */
export enum EndpointErrorCode {
  NotFound = 'ENDPOINT_NOT_FOUND',
  Forbidden = 'ENDPOINT_FORBIDDEN',
  /** A value the DTO could not judge alone (it depends on the subscription, the endpoint or the settings); the message names the field. */
  BadValue = 'ENDPOINT_BAD_VALUE',
  SubscriptionNotFound = 'SUBSCRIPTION_NOT_FOUND',
  SubscriptionNotReceiving = 'SUBSCRIPTION_NOT_RECEIVING',
  CareRouterUnavailable = 'CARE_ROUTER_UNAVAILABLE',
  FeedUnavailable = 'FEED_UNAVAILABLE',
  EventUnreadable = 'EVENT_UNREADABLE',
  WrongFormat = 'ENDPOINT_FORMAT_MISMATCH',
  NothingToSkip = 'NOTHING_TO_SKIP',
  SecretNotFound = 'SECRET_NOT_FOUND',
  NewestSecret = 'NEWEST_SECRET',
}

export class EndpointError extends DomainException<EndpointErrorCode> {}
