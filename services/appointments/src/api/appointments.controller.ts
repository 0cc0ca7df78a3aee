import { Body, Controller, Get, HttpCode, Param, Post, Query, UseFilters } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Principal } from '@care-events/auth';
import { AuthenticatedApi, Caller, Command, idParam, PatientDataReadApi, PatientMayCall, PatientQuery, Reader } from '@care-events/service-kit';
import { CommandContext } from '@care-events/transactional-messaging';
import { AppointmentsService } from '../application/appointments.service';
import { appointmentResponse } from './appointment.response';
import { AppointmentsExceptionFilter } from './appointments-exception.filter';
import { BookAppointmentDto, CancelAppointmentDto, RescheduleAppointmentDto } from './dto/appointment.dto';

@ApiTags('appointments')
@AuthenticatedApi()
@ApiResponse({ status: 400, description: 'Bad input: the body names each bad field and why' })
@UseFilters(AppointmentsExceptionFilter)
@Controller('appointments')
export class AppointmentsController {
  constructor(private readonly appointments: AppointmentsService) {}

  @Post()
  @PatientMayCall()
  @ApiOperation({ summary: 'Book the patient a place in a slot (a patient signed in with NHS login books only for themselves)' })
  @ApiResponse({ status: 201 })
  @ApiResponse({ status: 404, description: 'Unknown slot or patient' })
  @ApiResponse({ status: 409, description: 'Slot full or started, patient deceased, or merged (the body names the surviving patientId)' })
  async book(@Body() body: BookAppointmentDto, @Caller() caller: Principal, @Command() command: CommandContext) {
    const booking = { patientId: body.patientId, bookedBy: body.bookedBy, note: body.note ?? null };
    return appointmentResponse(await this.appointments.book(booking, body.slotId, caller, command));
  }

  @Post(':id/reschedule')
  @HttpCode(200)
  @ApiOperation({ summary: 'Move a booked appointment to a place in another slot' })
  @ApiResponse({ status: 409, description: 'Not booked, new slot full or started, patient deceased' })
  async reschedule(@Param('id', idParam()) id: string, @Body() body: RescheduleAppointmentDto, @Command() command: CommandContext) {
    return appointmentResponse(await this.appointments.reschedule(id, body.slotId, command));
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @PatientMayCall()
  @ApiOperation({ summary: 'Cancel a booked appointment and free its place (a patient signed in with NHS login cancels only their own)' })
  @ApiResponse({ status: 409, description: 'Already cancelled, attended or missed' })
  async cancel(@Param('id', idParam()) id: string, @Body() body: CancelAppointmentDto, @Caller() caller: Principal, @Command() command: CommandContext) {
    const cancellation = { cancelledBy: body.cancelledBy, reason: body.reason.trim() };
    return appointmentResponse(await this.appointments.cancel(id, cancellation, caller, command));
  }

  @Post(':id/attended')
  @HttpCode(200)
  @ApiOperation({ summary: 'Record that the patient attended (once the appointment has started)' })
  @ApiResponse({ status: 409, description: 'Not booked, or not started yet' })
  async attended(@Param('id', idParam()) id: string, @Command() command: CommandContext) {
    return appointmentResponse(await this.appointments.recordOutcome(id, 'attended', command));
  }

  @Post(':id/missed')
  @HttpCode(200)
  @ApiOperation({ summary: 'Record that the patient did not attend (once the appointment has started)' })
  @ApiResponse({ status: 409, description: 'Not booked, or not started yet' })
  async missed(@Param('id', idParam()) id: string, @Command() command: CommandContext) {
    return appointmentResponse(await this.appointments.recordOutcome(id, 'missed', command));
  }

  @Get()
  @ApiOperation({ summary: "A patient's appointments, oldest booking first" })
  @PatientDataReadApi()
  async list(@Query() query: PatientQuery, @Reader() reader: Reader) {
    return (await this.appointments.listForPatient(query.patientId, reader)).map(appointmentResponse);
  }

  @Get(':id')
  @ApiOperation({ summary: 'Get an appointment' })
  @ApiResponse({ status: 404 })
  @PatientDataReadApi()
  async get(@Param('id', idParam()) id: string, @Reader() reader: Reader) {
    return appointmentResponse(await this.appointments.get(id, reader));
  }
}
