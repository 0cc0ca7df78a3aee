import { Body, Controller, Get, HttpCode, Param, Post, Query, UseFilters } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { parseOdsCode } from '@care-events/domain-primitives';
import { AuthenticatedApi, Command, idParam, PatientDataReadApi, PatientQuery, Reader } from '@care-events/service-kit';
import { CommandContext } from '@care-events/transactional-messaging';
import { MedicationsService } from '../application/medications.service';
import { normalised, toPrescription, toQuantity } from './dto/dto-mapping';
import { ChangeDoseDto, DispenseMedicationDto, StopMedicationDto } from './dto/medication-commands.dto';
import { PrescribeMedicationDto } from './dto/prescribe-medication.dto';
import { dispensationResponse, medicationResponse } from './medication.response';
import { MedicationsExceptionFilter } from './medications-exception.filter';

const id = idParam('a medication id (UUID)');

@ApiTags('medications')
@AuthenticatedApi()
@ApiResponse({ status: 400, description: 'Bad input: the body names each bad field and why' })
@UseFilters(MedicationsExceptionFilter)
@Controller('medications')
export class MedicationsController {
  constructor(private readonly medications: MedicationsService) {}

  @Post()
  @ApiOperation({
    summary: 'Prescribe a medicine, checked against the patient\'s recorded allergies',
    description: 'A medicine missing from the service\'s ingredient reference table has no known ingredients and is prescribed without an allergy check.',
  })
  @ApiResponse({ status: 201 })
  @ApiResponse({ status: 404, description: 'The patient is not known from identity' })
  @ApiResponse({ status: 409, description: 'ALLERGY_CONFLICT without allergyOverrideReason; the patient died or was merged into another record' })
  async prescribe(@Body() body: PrescribeMedicationDto, @Command() command: CommandContext) {
    return medicationResponse(await this.medications.prescribe(toPrescription(body), command));
  }

  @Get()
  @ApiOperation({ summary: 'A patient\'s medications, the latest prescribed first' })
  @PatientDataReadApi()
  async list(@Query() query: PatientQuery, @Reader() reader: Reader) {
    return (await this.medications.listForPatient(query.patientId, reader)).map((medication) => medicationResponse(medication));
  }

  @Get(':id')
  @ApiOperation({ summary: 'A medication with its dispensations' })
  @ApiResponse({ status: 404 })
  @PatientDataReadApi()
  async get(@Param('id', id) medicationId: string, @Reader() reader: Reader) {
    const { medication, dispensations } = await this.medications.get(medicationId, reader);
    return medicationResponse(medication, dispensations);
  }

  @Post(':id/dose')
  @HttpCode(200)
  @ApiOperation({ summary: 'Change the dosage instructions' })
  @ApiResponse({ status: 409, description: 'The medication was stopped' })
  async changeDose(@Param('id', id) medicationId: string, @Body() body: ChangeDoseDto, @Command() command: CommandContext) {
    return medicationResponse(await this.medications.changeDose(medicationId, body.dosageText, command));
  }

  @Post(':id/stop')
  @HttpCode(200)
  @ApiOperation({ summary: 'Stop the medication (final)' })
  @ApiResponse({ status: 409, description: 'Already stopped' })
  async stop(@Param('id', id) medicationId: string, @Body() body: StopMedicationDto, @Command() command: CommandContext) {
    return medicationResponse(await this.medications.stop(medicationId, body.reason, command));
  }

  @Post(':id/dispensations')
  @ApiOperation({ summary: 'Record a supply by a pharmacy' })
  @ApiResponse({ status: 201 })
  @ApiResponse({ status: 409, description: 'The medication was stopped, or the patient died' })
  async dispense(@Param('id', id) medicationId: string, @Body() body: DispenseMedicationDto, @Command() command: CommandContext) {
    const supply = { pharmacyOdsCode: normalised(parseOdsCode(body.pharmacyOdsCode)), quantity: toQuantity(body.quantity) };
    return dispensationResponse(await this.medications.dispense(medicationId, supply, command));
  }
}
