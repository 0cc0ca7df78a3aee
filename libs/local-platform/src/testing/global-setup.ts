import './register-paths';
import { DEFAULT_AUDIENCE, startDevIssuer } from '@care-events/auth';
import { startPlatform } from '../platform';
import { provisionMessaging } from '../provisioning';
import { testPlatformState } from './test-platform-state';

/**
 * Jest globalSetup: the real broker, registry and PostgreSQL, started once for a run, with the
 * declared topics and schemas in place. `npm test` starts them before Nx runs the projects and
 * passes them on in the environment, so this reuses them; a lone `nx test <project>` starts its
 * own and stops them afterwards. The same holds for the development token issuer (AUTH_ISSUER):
 * test workers and the service processes they start inherit its address.
 */
export default async function globalSetup(): Promise<void> {
  const platform = await startPlatform({ mode: 'ephemeral', log: (line) => process.stdout.write(`\n${line}`) });
  process.env.KAFKA_BROKERS = platform.kafkaBrokers.join(',');
  process.env.SCHEMA_REGISTRY_URL = platform.registryUrl;
  process.env.DATABASE_URL = platform.postgres.adminUrl;
  testPlatformState.platform = platform;
  await provisionMessaging(platform);
  if (!process.env.AUTH_ISSUER) {
    testPlatformState.devIssuer = await startDevIssuer({ port: 0 });
    process.env.AUTH_ISSUER = testPlatformState.devIssuer.url;
  }
  process.env.AUTH_AUDIENCE ??= DEFAULT_AUDIENCE;
}
