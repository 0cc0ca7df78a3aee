import { testPlatformState } from './test-platform-state';

export default async function globalTeardown(): Promise<void> {
  await testPlatformState.platform?.stop();
}
