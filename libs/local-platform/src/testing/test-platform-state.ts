import type { Platform } from '../platform';

/** globalSetup and globalTeardown run in the same process; this carries the platform between them. */
export const testPlatformState: { platform?: Platform } = {};
