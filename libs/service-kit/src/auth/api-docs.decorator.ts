import { applyDecorators } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiResponse } from '@nestjs/swagger';
import { BREAK_GLASS_HEADER } from './break-glass';

/** The bearer security scheme of every service's OpenAPI document. */
export const BEARER_SCHEME = 'bearer';

/** What every controller documents alike: the bearer token it needs, and the conversation it belongs to. */
export const AuthenticatedApi = () =>
  applyDecorators(
    ApiBearerAuth(BEARER_SCHEME),
    ApiHeader({ name: 'X-Correlation-Id', required: false, description: 'The conversation this request belongs to; carried into the events it causes' }),
    ApiResponse({ status: 401, description: 'No bearer token, or one that is expired, for another audience or not signed by the issuer; the body and WWW-Authenticate say which' }),
    ApiResponse({ status: 403, description: 'The caller may not do this (e.g. a system without the patient-data:write scope); the body says why' }),
  );

/** A read of patient data: decided by the access rules, audited on audit.access.v1 before it is answered. */
export const PatientDataReadApi = () =>
  applyDecorators(
    ApiHeader({
      name: BREAK_GLASS_HEADER,
      required: false,
      description: 'Staff only: why you read a patient your organisation has no care relationship with (at most 500 characters); the read is allowed, flagged and audited',
    }),
    ApiResponse({ status: 403, description: 'No care relationship (give X-Break-Glass-Reason in an emergency), another patient\'s record, or a login below P9; the body says which' }),
  );
