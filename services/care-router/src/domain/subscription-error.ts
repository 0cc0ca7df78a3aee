import { DomainException } from '@care-events/domain-primitives';

export enum SubscriptionErrorCode {
  NotFound = 'SUBSCRIPTION_NOT_FOUND',
  AlreadySubscribed = 'ODS_CODE_ALREADY_SUBSCRIBED',
  IllegalTransition = 'ILLEGAL_SUBSCRIPTION_TRANSITION',
  NotAnAdministrator = 'NOT_AN_ADMINISTRATOR',
  TopicNotProvisioned = 'TOPIC_NOT_PROVISIONED',
}

export class SubscriptionException extends DomainException<SubscriptionErrorCode> {}
