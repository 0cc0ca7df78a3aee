import type { DevIssuer } from '@care-events/auth';
import type { Platform } from '../platform';

/** globalSetup and globalTeardown run in the same process; this carries what they started between them. */
export const testPlatformState: { platform?: Platform; devIssuer?: DevIssuer } = {};
