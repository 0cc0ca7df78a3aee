import { BadRequestException, ValidationError, ValidationPipe } from '@nestjs/common';

export interface FieldProblem {
  field: string;
  reason: string;
}

/**
 * Validates request bodies, queries and params against their DTOs. A bad request gets a 400
 * whose body names each bad field and why ("nhsNumber: check digit does not match"); unknown
 * fields are refused rather than silently dropped.
 */
export function requestValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    transform: true,
    whitelist: true,
    forbidNonWhitelisted: true,
    exceptionFactory: (errors) => badRequestNaming(errors.flatMap((error) => flatten(error, ''))),
  });
}

/** The 400 every bad request gets, the pipe's or a handler's own check: each field and why, in words and as data. */
export function badRequestNaming(problems: FieldProblem[]): BadRequestException {
  return new BadRequestException({ statusCode: 400, error: 'Bad Request', message: problems.map((p) => `${p.field}: ${p.reason}`), problems });
}

function flatten(error: ValidationError, parent: string): FieldProblem[] {
  const field = parent ? `${parent}.${error.property}` : error.property;
  const own = Object.values(error.constraints ?? {}).map((message) => ({ field, reason: withoutPropertyName(message, error.property) }));
  return [...own, ...(error.children ?? []).flatMap((child) => flatten(child, field))];
}

/** class-validator's messages start with the property name, which the field path already gives. */
function withoutPropertyName(message: string, property: string): string {
  if (message === `property ${property} should not exist`) return 'is not a known field';
  return message.startsWith(`${property} `) ? message.slice(property.length + 1) : message;
}
