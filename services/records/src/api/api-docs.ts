import { applyDecorators } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import { AuthenticatedApi } from '@care-events/service-kit';

/** What every records controller documents alike: the token it needs, and the answers common to all writes. */
export const RecordsApi = () =>
  applyDecorators(
    AuthenticatedApi(),
    ApiResponse({ status: 400, description: 'Bad input: the body names each bad field and why' }),
    ApiResponse({ status: 404, description: 'Unknown record, or a patient not known from identity' }),
    ApiResponse({ status: 409, description: 'The patient was merged (body names survivingPatientId), or the change was already made' }),
  );
