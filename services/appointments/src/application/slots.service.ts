import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Slot } from '../domain/appointment';
import { slotNotFound } from '../domain/appointments-error';
import { NewSlot, openSlot } from '../domain/slot-rules';
import { SlotRepository, SlotSearch } from '../persistence/slot.repository';

/** Slots are about a care setting, not a patient: they publish no events. */
@Injectable()
export class SlotsService {
  constructor(private readonly slots: SlotRepository) {}

  async open(input: Omit<NewSlot, 'id'>): Promise<Slot> {
    const slot = openSlot({ ...input, id: randomUUID() });
    await this.slots.insert(slot);
    return slot;
  }

  async get(id: string): Promise<Slot> {
    return (await this.slots.findById(id)) ?? slotNotFound(id);
  }

  search(search: SlotSearch): Promise<Slot[]> {
    return this.slots.withPlacesLeft(search);
  }
}
