import { parseArgs } from 'node:util';
import { DevIssuerUnreachableError, devTokens, type DevTokenRequest, PROOFING_LEVELS, type ProofingLevel, STAFF_ROLES, type StaffRole } from '@care-events/auth';
import declared from '../../deploy/services.json';

/**
 * `npm run token`: asks the development issuer that `npm start` runs for a token and prints only
 * the token, so `TOKEN=$(npm run -s token -- --staff G8123456 --org A81001 --role clinician)` works.
 */
const USAGE = `usage:
  npm run -s token -- --staff <user id> --org <ODS code> --role <${STAFF_ROLES.join('|')}> [--name <name>]
  npm run -s token -- --patient <NHS number> [--level <${PROOFING_LEVELS.join('|')}>]   (P9 unless given)
  npm run -s token -- --system <client id> --scopes "<scope> ..." [--org <ODS code>]
The issuer is AUTH_ISSUER, or the one npm start runs on port ${declared.devIssuer.port}.`;

class UsageError extends Error {}

function requestFrom(argv: string[]): DevTokenRequest {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    allowPositionals: false,
    options: {
      staff: { type: 'string' }, org: { type: 'string' }, role: { type: 'string' }, name: { type: 'string' },
      patient: { type: 'string' }, level: { type: 'string' },
      system: { type: 'string' }, scopes: { type: 'string' },
    },
  });
  const kinds = (['staff', 'patient', 'system'] as const).filter((kind) => values[kind] !== undefined);
  if (kinds.length !== 1) throw new UsageError('give exactly one of --staff, --patient, --system');
  const allowed = { staff: ['staff', 'org', 'role', 'name'], patient: ['patient', 'level'], system: ['system', 'scopes', 'org'] }[kinds[0]];
  const stray = Object.keys(values).filter((flag) => !allowed.includes(flag));
  if (stray.length) throw new UsageError(`--${stray.join(', --')} does not go with --${kinds[0]}`);

  switch (kinds[0]) {
    case 'staff': {
      if (!values.org || !values.role) throw new UsageError('--staff needs --org and --role');
      if (!STAFF_ROLES.includes(values.role as StaffRole)) throw new UsageError(`--role must be one of ${STAFF_ROLES.join(', ')}`);
      return { kind: 'staff', userId: values.staff as string, odsCode: values.org, role: values.role as StaffRole, ...(values.name ? { name: values.name } : {}) };
    }
    case 'patient': {
      if (!/^\d{10}$/.test(values.patient as string)) throw new UsageError('--patient must be a 10-digit NHS number');
      const level = values.level ?? 'P9';
      if (!PROOFING_LEVELS.includes(level as ProofingLevel)) throw new UsageError(`--level must be one of ${PROOFING_LEVELS.join(', ')}`);
      return { kind: 'patient', nhsNumber: values.patient as string, proofingLevel: level as ProofingLevel };
    }
    case 'system':
      if (values.scopes === undefined) throw new UsageError('--system needs --scopes (e.g. "patient-data:read patient-data:write")');
      return { kind: 'system', clientId: values.system as string, scopes: values.scopes, ...(values.org ? { odsCode: values.org } : {}) };
  }
}

async function main(): Promise<void> {
  let request: DevTokenRequest;
  try {
    request = requestFrom(process.argv.slice(2));
  } catch (error) {
    // parseArgs throws TypeErrors for unknown flags and missing values
    if (!(error instanceof UsageError) && !(error instanceof TypeError)) throw error;
    process.stderr.write(`${error.message}\n${USAGE}\n`);
    process.exit(2);
  }
  const issuer = process.env.AUTH_ISSUER || `http://127.0.0.1:${declared.devIssuer.port}`;
  try {
    process.stdout.write(`${await devTokens(issuer).mint(request)}\n`);
  } catch (error) {
    const hint = error instanceof DevIssuerUnreachableError ? ': start the platform with npm start' : '';
    process.stderr.write(`${(error as Error).message}${hint}\n`);
    process.exit(1);
  }
}

main().catch((error) => {
  process.stderr.write(`${(error as Error).stack ?? error}\n`);
  process.exit(1);
});
