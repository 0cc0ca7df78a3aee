import { IsIn } from 'class-validator';
import { IsCalendarDate, Nested } from '@care-events/service-kit';
import { Gender } from '../../domain/patient';
import { AddressDto } from './address.dto';
import { ContactDetailsDto } from './contact-details.dto';
import { PersonNameDto } from './person-name.dto';

export const GENDERS: Gender[] = ['male', 'female', 'other', 'unknown'];

/** Property decorators shared by registration and the demographics update. */
export const NameField = () => Nested(() => PersonNameDto);
export const AddressField = () => Nested(() => AddressDto);
export const ContactField = () => Nested(() => ContactDetailsDto);
export const GenderField = () => IsIn(GENDERS, { message: `must be one of ${GENDERS.join(', ')}` });
export const BirthDateField = () => IsCalendarDate();
