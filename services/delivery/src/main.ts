import { runService } from '@care-events/service-kit';

// Tracing starts before the application's modules load, so that their I/O is instrumented.
void runService('delivery', () => import('./delivery.module').then((loaded) => loaded.DeliveryModule));
