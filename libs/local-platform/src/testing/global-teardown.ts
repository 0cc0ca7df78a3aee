import { testPlatformState } from './test-platform-state';

export default async function globalTeardown(): Promise<void> {
  await testPlatformState.devIssuer?.close();
  await testPlatformState.platform?.stop();
}
