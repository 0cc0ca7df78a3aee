import { createPrivateKey, X509Certificate } from 'node:crypto';
import { Transform } from 'class-transformer';
import { IsInt, Max, Min, registerDecorator, ValidationArguments } from 'class-validator';
import { compose } from '@care-events/service-kit';

/** A validator whose message is the problem it found ("must …"), or null when the value is fine. */
function check(name: string, problem: (value: unknown, args: ValidationArguments) => string | null): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name,
      target: target.constructor,
      propertyName: propertyName as string,
      validator: {
        validate: (value: unknown, args?: ValidationArguments) => problem(value, args as ValidationArguments) === null,
        defaultMessage: (args?: ValidationArguments) => problem(args?.value, args as ValidationArguments) ?? 'is invalid',
      },
    });
}

export const MAX_URL_LENGTH = 2_048;

/** An absolute http(s) URL without credentials or fragment; whether plain http is allowed is the service's setting. */
export const IsEndpointUrl = (): PropertyDecorator =>
  check('isEndpointUrl', (value) => {
    if (typeof value !== 'string') return 'must be a string';
    if (value.length > MAX_URL_LENGTH) return `must be at most ${MAX_URL_LENGTH} characters`;
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      return 'must be an absolute https URL';
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'must be an https URL';
    if (url.username || url.password) return 'must not carry a user name or password (use headers or clientTls)';
    if (url.hash || value.includes('#')) return 'must not have a fragment';
    if (value !== value.trim()) return 'must not start or end with spaces';
    return null;
  });

export const MAX_EXTRA_HEADERS = 5;
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]{1,64}$/;
const FIELD_VALUE = /^[\x20-\x7e]{0,1024}$/;
/** Headers the service sets itself, or that would change how the request is framed or routed. */
const RESERVED = ['content-type', 'content-length', 'host', 'transfer-encoding', 'connection'];

/** Extra request headers: at most 5 `name: value` pairs of printable ASCII; none the signature or framing depends on. */
export const IsExtraHeaders = (): PropertyDecorator =>
  check('isExtraHeaders', (value) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'must be an object of header names and values';
    const entries = Object.entries(value);
    if (entries.length > MAX_EXTRA_HEADERS) return `must hold at most ${MAX_EXTRA_HEADERS} headers`;
    const names = new Set<string>();
    for (const [name, text] of entries) {
      const lower = name.toLowerCase();
      if (!TOKEN.test(name)) return `"${printable(name)}" is not a header name (letters, digits and !#$%&'*+-.^_\`|~, at most 64)`;
      if (lower.startsWith('webhook-') || RESERVED.includes(lower)) return `"${name}" is set by the service and cannot be given`;
      if (names.has(lower)) return `"${name}" is given twice`;
      names.add(lower);
      if (typeof text !== 'string' || !FIELD_VALUE.test(text)) return `the value of "${name}" must be printable ASCII of at most 1024 characters`;
    }
    return null;
  });

const printable = (text: string) => text.slice(0, 64).replace(/[^\x20-\x7e]/g, '?');

export const MAX_PEM_LENGTH = 16_384;

/** A PEM X.509 certificate (or several, for a CA bundle). */
export const IsCertificatePem = (): PropertyDecorator =>
  check('isCertificatePem', (value) => {
    if (typeof value !== 'string') return 'must be a string';
    if (value.length > MAX_PEM_LENGTH) return `must be at most ${MAX_PEM_LENGTH} characters`;
    if (!value.includes('-----BEGIN CERTIFICATE-----')) return 'must be a PEM certificate (-----BEGIN CERTIFICATE-----)';
    try {
      new X509Certificate(value);
      return null;
    } catch {
      return 'must be a PEM certificate that can be read';
    }
  });

/** An unencrypted PEM private key that belongs to the certificate in `certificateField`. */
export const IsPrivateKeyOf = (certificateField: string): PropertyDecorator =>
  check('isPrivateKeyOf', (value, args) => {
    if (typeof value !== 'string') return 'must be a string';
    if (value.length > MAX_PEM_LENGTH) return `must be at most ${MAX_PEM_LENGTH} characters`;
    let key;
    try {
      key = createPrivateKey(value);
    } catch {
      return 'must be an unencrypted PEM private key';
    }
    const certificate = (args.object as Record<string, unknown>)[certificateField];
    try {
      if (typeof certificate === 'string' && !new X509Certificate(certificate).checkPrivateKey(key)) return `is not the key of ${certificateField}`;
    } catch {
      // An unreadable certificate is reported on its own field.
    }
    return null;
  });

/** A field that means something for one format only: given for another, it is refused rather than ignored. */
export const OnlyForFormat = (format: string): PropertyDecorator =>
  check('onlyForFormat', (value, args) => {
    if (value === undefined || value === null) return null;
    return (args.object as { format?: unknown }).format === format ? null : `applies to ${format} endpoints only`;
  });

/** 0 (no heartbeats) or a period from 10 s to a day. */
export const IsHeartbeatPeriod = (): PropertyDecorator =>
  check('isHeartbeatPeriod', (value) =>
    Number.isInteger(value) && ((value as number) === 0 || ((value as number) >= 10 && (value as number) <= 86_400))
      ? null
      : 'must be 0 (no heartbeats) or a whole number of seconds from 10 to 86400');

/** A whole number from `min` to `max` in a JSON body. */
export const WholeNumber = (min: number, max: number): PropertyDecorator =>
  compose(
    IsInt({ message: 'must be a whole number' }),
    Min(min, { message: `must be at least ${min}` }),
    Max(max, { message: `must be at most ${max}` }),
  );

/** A whole number from `min` to `max` in a query string: only digits are read as a number, anything else is refused. */
export const QueryWholeNumber = (min: number, max: number): PropertyDecorator =>
  compose(
    Transform(({ value }) => (typeof value === 'string' && /^\d{1,16}$/.test(value) ? Number(value) : value), { toClassOnly: true }),
    WholeNumber(min, max),
  );

/** Event numbers and offsets are JavaScript-safe integers everywhere in this service. */
export const MAX_NUMBER = Number.MAX_SAFE_INTEGER;
