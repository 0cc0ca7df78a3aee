import { runService } from '@care-events/service-kit';

// Run with the tracing preload (docs/operations.md, "Traces"), which instruments HTTP, pg and kafkajs before they load.
void runService('analytics', () => import('./analytics.module').then((loaded) => loaded.AnalyticsModule));
