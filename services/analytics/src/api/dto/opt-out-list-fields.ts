import { ValidateBy } from 'class-validator';

// Property decorators shared by a whole list and a staged load.

/**
 * When the national service checked the list: any time a JavaScript Date reads (as before these DTOs; the CLI
 * passes --checked-at through as given). That it is not in the future is the controller's check, by the
 * service's Clock, which a validator cannot reach.
 */
export const CheckedAtField = () =>
  ValidateBy({
    name: 'isCheckTime',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && !Number.isNaN(new Date(value).getTime()),
      defaultMessage: () => 'must be when the national service checked the list (ISO 8601)',
    },
  });
