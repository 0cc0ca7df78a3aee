import { EventType } from '@care-events/contracts';
import { SettingRole } from './care-settings';

/** One copy a care setting should receive: whose event, of which type. */
export interface ExpectedCopy {
  patientId: string;
  eventType: EventType;
}

/** What each care setting should receive, in the order the journey caused it. */
export class ExpectedFeeds {
  private readonly feeds = new Map<SettingRole, ExpectedCopy[]>();

  /** The event the step just caused reaches these settings, and no others. */
  add(patientId: string, eventType: EventType, reaches: SettingRole[]): void {
    for (const role of reaches) this.feeds.set(role, [...this.of(role), { patientId, eventType }]);
  }

  of(role: SettingRole): ExpectedCopy[] {
    return this.feeds.get(role) ?? [];
  }
}
