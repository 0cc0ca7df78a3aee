import { applyDecorators } from '@nestjs/common';
import { ApiHeader, ApiResponse } from '@nestjs/swagger';

/** What every records controller documents alike: who is asking, and the answers common to all writes. */
export const RecordsApi = () =>
  applyDecorators(
    ApiHeader({ name: 'X-Actor-Type', required: false, description: 'PRACTITIONER, PATIENT or SYSTEM' }),
    ApiHeader({ name: 'X-Actor-Id', required: false }),
    ApiHeader({ name: 'X-Actor-Ods-Code', required: false }),
    ApiHeader({ name: 'X-Correlation-Id', required: false }),
    ApiResponse({ status: 400, description: 'Bad input: the body names each bad field and why' }),
    ApiResponse({ status: 404, description: 'Unknown record, or a patient not known from identity' }),
    ApiResponse({ status: 409, description: 'The patient was merged (body names survivingPatientId), or the change was already made' }),
  );
