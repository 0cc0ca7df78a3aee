import { Body, Controller, Get, HttpCode, Param, Patch, Post, Put, Query, Res, UseFilters } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Response } from 'express';
import { parseNhsNumber, parseOdsCode } from '@care-events/domain-primitives';
import { AuthenticatedApi, Command, idParam, PatientDataReadApi, Reader } from '@care-events/service-kit';
import { CommandContext } from '@care-events/transactional-messaging';
import { PatientsService } from '../application/patients.service';
import { Patient } from '../domain/patient';
import { normalised, toContactDetailsUpdate, toDemographicsUpdate, toNewPatient } from './dto/dto-mapping';
import { ChangeNominatedPharmacyDto, ChangeRegisteredGpDto, FindPatientQuery, MergePatientDto, RecordDeathDto, SetSensitivityDto } from './dto/patient-commands.dto';
import { RegisterPatientDto } from './dto/register-patient.dto';
import { UpdateDemographicsDto } from './dto/update-demographics.dto';
import { IdentityExceptionFilter } from './identity-exception.filter';
import { IfMatchVersion } from './if-match.decorator';
import { patientResponse } from './patient.response';

const id = idParam('a patient id (UUID)');

@ApiTags('patients')
@AuthenticatedApi()
@ApiResponse({ status: 400, description: 'Bad input: the body names each bad field and why' })
@UseFilters(IdentityExceptionFilter)
@Controller('patients')
export class PatientsController {
  constructor(private readonly patients: PatientsService) {}

  @Post()
  @ApiOperation({ summary: 'Register a patient' })
  @ApiResponse({ status: 201 })
  @ApiResponse({ status: 409, description: 'A live record already has this NHS number' })
  async register(@Body() body: RegisterPatientDto, @Command() command: CommandContext, @Res({ passthrough: true }) res: Response) {
    return this.reply(res, await this.patients.register(toNewPatient(body), command));
  }

  @Get()
  @ApiOperation({
    summary: 'Find patients by NHS number (the live record first, then superseded duplicates)',
    description: 'Each record found is a read of that patient, decided and audited on its own: those the caller may not read are left out, and a 403 answers when that is every one.',
  })
  @PatientDataReadApi()
  async find(@Query() query: FindPatientQuery, @Reader() reader: Reader) {
    const found = await this.patients.findByNhsNumber(normalised(parseNhsNumber(query.nhsNumber)), reader);
    return found.map(patientResponse);
  }

  @Get(':id')
  @ApiOperation({ summary: 'Get a patient; a superseded record answers with its survivingPatientId' })
  @PatientDataReadApi()
  async get(@Param('id', id) patientId: string, @Reader() reader: Reader, @Res({ passthrough: true }) res: Response) {
    return this.reply(res, await this.patients.get(patientId, reader));
  }

  @Patch(':id/demographics')
  @ApiOperation({ summary: 'Update name, birth date, gender, address or contact details' })
  @ApiHeader({ name: 'If-Match', required: false, description: 'The version read ("3"); a stale one gets 412' })
  async updateDemographics(@Param('id', id) patientId: string, @Body() body: UpdateDemographicsDto, @IfMatchVersion() version: number | undefined, @Command() command: CommandContext, @Res({ passthrough: true }) res: Response) {
    return this.reply(res, await this.patients.updateDemographics(patientId, toDemographicsUpdate(body), version, command));
  }

  @Put(':id/registered-gp')
  @ApiOperation({ summary: 'Change the registered GP practice' })
  async changeGp(@Param('id', id) patientId: string, @Body() body: ChangeRegisteredGpDto, @IfMatchVersion() version: number | undefined, @Command() command: CommandContext, @Res({ passthrough: true }) res: Response) {
    return this.reply(res, await this.patients.changeRegisteredGp(patientId, normalised(parseOdsCode(body.registeredGpOdsCode)), version, command));
  }

  @Put(':id/nominated-pharmacy')
  @ApiOperation({ summary: 'Change or remove (null) the nominated pharmacy' })
  async changePharmacy(@Param('id', id) patientId: string, @Body() body: ChangeNominatedPharmacyDto, @IfMatchVersion() version: number | undefined, @Command() command: CommandContext, @Res({ passthrough: true }) res: Response) {
    const odsCode = body.nominatedPharmacyOdsCode === null ? null : normalised(parseOdsCode(body.nominatedPharmacyOdsCode));
    return this.reply(res, await this.patients.changeNominatedPharmacy(patientId, odsCode, version, command));
  }

  @Put(':id/death')
  @ApiOperation({ summary: 'Record a death, or correct the date of a recorded one' })
  async recordDeath(@Param('id', id) patientId: string, @Body() body: RecordDeathDto, @IfMatchVersion() version: number | undefined, @Command() command: CommandContext, @Res({ passthrough: true }) res: Response) {
    return this.reply(res, await this.patients.recordDeath(patientId, body.dateOfDeath, version, command));
  }

  @Post(':id/merge')
  @HttpCode(200)
  @ApiOperation({ summary: 'Merge this duplicate record into the surviving one (one-way, final)' })
  async merge(@Param('id', id) patientId: string, @Body() body: MergePatientDto, @IfMatchVersion() version: number | undefined, @Command() command: CommandContext, @Res({ passthrough: true }) res: Response) {
    return this.reply(res, await this.patients.merge(patientId, body.survivingPatientId, version, command));
  }

  @Put(':id/sensitivity')
  @ApiOperation({ summary: 'Set or clear the sensitivity (restricted record) flag, with the new address and contact details if they change too' })
  async setSensitivity(@Param('id', id) patientId: string, @Body() body: SetSensitivityDto, @IfMatchVersion() version: number | undefined, @Command() command: CommandContext, @Res({ passthrough: true }) res: Response) {
    return this.reply(res, await this.patients.setSensitivity(patientId, body.sensitive, toContactDetailsUpdate(body), version, command));
  }

  private reply(res: Response, patient: Patient) {
    res.setHeader('ETag', `"${patient.version}"`);
    return patientResponse(patient);
  }
}
