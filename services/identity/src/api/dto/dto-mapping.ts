import { parseNhsNumber, parseOdsCode } from '@care-events/domain-primitives';
import { Address, ContactDetails, Demographics, PersonName } from '../../domain/patient';
import { ContactDetailsUpdate, NewPatient } from '../../domain/patient-rules';
import { AddressDto } from './address.dto';
import { ContactDetailsDto } from './contact-details.dto';
import { PersonNameDto } from './person-name.dto';
import { SetSensitivityDto } from './patient-commands.dto';
import { RegisterPatientDto } from './register-patient.dto';
import { UpdateDemographicsDto } from './update-demographics.dto';

/** Validated request bodies into domain values: normalised, with a fixed field order and explicit nulls. */
export function toNewPatient(dto: RegisterPatientDto): Omit<NewPatient, 'id'> {
  return {
    nhsNumber: normalised(parseNhsNumber(dto.nhsNumber)),
    name: toName(dto.name),
    birthDate: dto.birthDate,
    gender: dto.gender,
    address: dto.address ? toAddress(dto.address) : null,
    contact: dto.contact ? toContact(dto.contact) : null,
    registeredGpOdsCode: normalised(parseOdsCode(dto.registeredGpOdsCode)),
    nominatedPharmacyOdsCode: dto.nominatedPharmacyOdsCode ? normalised(parseOdsCode(dto.nominatedPharmacyOdsCode)) : null,
    sensitive: dto.sensitive ?? false,
  };
}

export function toDemographicsUpdate(dto: UpdateDemographicsDto): Partial<Demographics> {
  const update: Partial<Demographics> = toContactDetailsUpdate(dto);
  if (dto.name) update.name = toName(dto.name);
  if (dto.birthDate) update.birthDate = dto.birthDate;
  if (dto.gender) update.gender = dto.gender;
  return update;
}

/** Address and contact as given: absent leaves them, null removes them. */
export function toContactDetailsUpdate(dto: Pick<UpdateDemographicsDto | SetSensitivityDto, 'address' | 'contact'>): ContactDetailsUpdate {
  const update: ContactDetailsUpdate = {};
  if (dto.address !== undefined) update.address = dto.address && toAddress(dto.address);
  if (dto.contact !== undefined) update.contact = dto.contact && toContact(dto.contact);
  return update;
}

const toName = (dto: PersonNameDto): PersonName => ({ prefix: dto.prefix ?? null, given: dto.given, family: dto.family });

const toAddress = (dto: AddressDto): Address => ({
  lines: dto.lines,
  city: dto.city ?? null,
  district: dto.district ?? null,
  postcode: dto.postcode.toUpperCase(),
});

const toContact = (dto: ContactDetailsDto): ContactDetails => ({ phone: dto.phone ?? null, email: dto.email ?? null });

export function normalised(validation: { ok: true; value: string } | { ok: false; reason: string }): string {
  if (!validation.ok) throw new Error(`validated input failed to parse: ${validation.reason}`);
  return validation.value;
}
