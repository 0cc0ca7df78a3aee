import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { IsRecordId } from '@care-events/service-kit';
import { OptOutListKind } from '../../domain/opt-out-gate';

export const LIST_KINDS: OptOutListKind[] = ['national', 'type1'];

/** `/opt-out-lists/:kind`: which list a load replaces. */
export class OptOutListKindParams {
  @ApiProperty({ enum: LIST_KINDS, description: 'national: without a national data opt-out; type1: without type 1 dissent' })
  @IsIn(LIST_KINDS, { message: `must be one of ${LIST_KINDS.join(', ')}` })
  kind!: OptOutListKind;
}

/** `/opt-out-lists/loads/:loadId`: a staged load. */
export class StagedLoadParams {
  @ApiProperty({ format: 'uuid' })
  @IsRecordId('a staged load')
  loadId!: string;
}
