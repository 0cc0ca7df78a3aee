import { ValueTransformer } from 'typeorm';

/**
 * bigint columns as numbers: node-postgres gives them as strings. Event numbers and offsets stay
 * far below 2^53 (a million events a day for 24,000 years), so a number loses nothing.
 */
export const bigintNumber: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | null) => (value === null ? null : Number(value)),
};
