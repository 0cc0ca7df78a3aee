import { startDevIssuer } from '@care-events/auth';
import declared from '../../deploy/services.json';

/**
 * The development token issuer on its own, for docker-compose (npm start runs it in-process).
 * DEV_ISSUER_URL is the `iss` its tokens carry and where the services fetch its keys, e.g.
 * http://dev-issuer:3090 on the compose network; PORT defaults to the declared one.
 */
async function main(): Promise<void> {
  const port = Number(process.env.PORT ?? declared.devIssuer.port);
  const issuer = await startDevIssuer({ port, host: '0.0.0.0', issuer: process.env.DEV_ISSUER_URL ?? `http://127.0.0.1:${port}` });
  process.stdout.write(`${JSON.stringify({ level: 30, service: 'dev-issuer', msg: `development token issuer ${issuer.url} listening on port ${port}; not for production` })}\n`);
  const stop = () => void issuer.close().then(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

void main();
