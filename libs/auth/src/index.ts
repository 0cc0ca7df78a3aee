export * from './principal';
export * from './staff-roles';
export * from './token-claims';
export * from './auth-settings';
export * from './token-verifier';
export * from './access-policy';
export * from './dev-issuer/dev-issuer';
export * from './dev-issuer/dev-tokens';
export { DEV_AUDIENCE, DEV_TOKEN_LIFETIME_SECONDS, type DevTokenRequest } from './dev-issuer/dev-token-request';
