/** Start-up refuses to go on: the message names each missing or malformed variable. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(service: string, readonly problems: string[]) {
    super(`${service} cannot start, its configuration is invalid:\n  - ${problems.join('\n  - ')}`);
  }
}
