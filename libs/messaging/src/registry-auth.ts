type Env = Record<string, string | undefined>;

/** How the schema registry client proves itself: HTTP Basic (e.g. an API key and secret) or a bearer token. */
export type RegistryAuth = { username: string; password: string } | { token: string };

/**
 * SCHEMA_REGISTRY_USERNAME and SCHEMA_REGISTRY_PASSWORD, or credentials in the URL's user-info
 * (https://key:secret@registry/…), or SCHEMA_REGISTRY_TOKEN; never more than one of them.
 */
export function readRegistryAuth(env: Env): { auth?: RegistryAuth; problems: string[] } {
  const value = (name: string) => (env[name]?.trim() ? env[name]!.trim() : undefined);
  const username = value('SCHEMA_REGISTRY_USERNAME');
  const password = value('SCHEMA_REGISTRY_PASSWORD');
  const token = value('SCHEMA_REGISTRY_TOKEN');
  const fromUrl = userInfoOf(value('SCHEMA_REGISTRY_URL'));
  const problems: string[] = [];
  if (!!username !== !!password) problems.push('SCHEMA_REGISTRY_USERNAME and SCHEMA_REGISTRY_PASSWORD go together');
  const given = [username && 'SCHEMA_REGISTRY_USERNAME', token && 'SCHEMA_REGISTRY_TOKEN', fromUrl && 'credentials in SCHEMA_REGISTRY_URL'].filter(Boolean);
  if (given.length > 1) problems.push(`give one way to authenticate to the schema registry, not ${given.join(' and ')}`);
  if (problems.length) return { problems };
  if (token) return { auth: { token }, problems };
  if (username && password) return { auth: { username, password }, problems };
  return { auth: fromUrl, problems };
}

/** The authorization header for the credentials. */
export function registryAuthorization(auth: RegistryAuth): string {
  return 'token' in auth ? `Bearer ${auth.token}` : `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString('base64')}`;
}

/** The URL without its user-info: fetch refuses URLs with credentials, and logs must not show them. */
export function withoutUserInfo(url: string): string {
  try {
    const parsed = new URL(url);
    if (!parsed.username && !parsed.password) return url;
    parsed.username = '';
    parsed.password = '';
    return parsed.toString().replace(/\/$/, '');
  } catch {
    return url;
  }
}

function userInfoOf(url: string | undefined): RegistryAuth | undefined {
  if (!url) return undefined;
  try {
    const parsed = new URL(url);
    return parsed.username ? { username: decodeURIComponent(parsed.username), password: decodeURIComponent(parsed.password) } : undefined;
  } catch {
    return undefined;
  }
}
