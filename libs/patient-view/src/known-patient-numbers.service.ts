import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { KnownPatientRepository } from './known-patient.repository';

/** The NHS number each patient registered with, as identity told this service (null until it has). */
@Injectable()
export class KnownPatientNumbers {
  constructor(private readonly dataSource: DataSource, private readonly patients: KnownPatientRepository) {}

  nhsNumberOf(patientId: string): Promise<string | null> {
    return this.patients.nhsNumberOf(this.dataSource.manager, patientId);
  }
}
