export * from './access-audit-event';
export * from './care-relationships';
export * from './known-care-relationship.entity';
export * from './patient-access';
export * from './patient-access.migration';
export * from './patient-access.service';
export * from './patient-nhs-numbers';
export * from './relationship-events.consumer';
