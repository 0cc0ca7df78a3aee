import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsUUID } from 'class-validator';

export class FhirReadQuery {
  @ApiPropertyOptional({ format: 'uuid', description: 'An event id: 409 NOT_YET_APPLIED until the care record has applied that event' })
  @IsOptional()
  @IsUUID('all', { message: 'must be an event id (UUID)' })
  appliedEvent?: string;
}
