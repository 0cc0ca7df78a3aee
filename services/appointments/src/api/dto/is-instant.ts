import { isISO8601, ValidateBy, ValidationOptions } from 'class-validator';

// An instant needs its offset: a local time alone would mean different moments to different readers.
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

export const IsInstant = (options?: ValidationOptions): PropertyDecorator =>
  ValidateBy({
    name: 'isInstant',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && INSTANT.test(value) && isISO8601(value, { strict: true }),
      defaultMessage: () => 'must be an ISO 8601 instant with its offset, e.g. 2026-12-01T09:00:00Z',
    },
  }, options);
