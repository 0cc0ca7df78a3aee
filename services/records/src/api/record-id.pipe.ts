import { BadRequestException, ParseUUIDPipe } from '@nestjs/common';

/** Path ids are UUIDs; anything else is a 400 naming the field, like any other bad input. */
export const recordId = new ParseUUIDPipe({
  exceptionFactory: () => new BadRequestException({ statusCode: 400, error: 'Bad Request', message: ['id: must be a UUID'] }),
});
