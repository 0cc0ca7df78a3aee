import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsOptional, IsString, Length } from 'class-validator';

export class PersonNameDto {
  @ApiPropertyOptional({ example: 'Mrs' })
  @IsOptional()
  @IsString()
  @Length(1, 40)
  prefix?: string;

  @ApiProperty({ example: ['Jane', 'Anne'], description: 'Given names in order' })
  @IsString({ each: true })
  @Length(1, 100, { each: true })
  @ArrayMinSize(1)
  @ArrayMaxSize(10)
  given!: string[];

  @ApiProperty({ example: 'Smith' })
  @IsString()
  @Length(1, 100)
  family!: string;
}
