import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, In, Repository } from 'typeorm';
import { Slot } from '../domain/appointment';
import { SlotEntity } from './slot.entity';

export interface SlotSearch {
  odsCode: string;
  from?: Date;
  to?: Date;
}

const SEARCH_LIMIT = 500;

/**
 * Slots in PostgreSQL. The number of places taken changes only through one conditional statement
 * each way, so concurrent bookings can never take more places than the slot has.
 */
@Injectable()
export class SlotRepository {
  constructor(@InjectRepository(SlotEntity) private readonly slots: Repository<SlotEntity>) {}

  async insert(slot: Slot): Promise<void> {
    await this.slots.insert(slot);
  }

  async findById(id: string, manager = this.slots.manager): Promise<Slot | null> {
    const row = await manager.getRepository(SlotEntity).findOneBy({ id });
    return row && toSlot(row);
  }

  async findByIds(ids: string[]): Promise<Map<string, Slot>> {
    const rows = ids.length ? await this.slots.findBy({ id: In(ids) }) : [];
    return new Map(rows.map((row) => [row.id, toSlot(row)]));
  }

  /** Slots of one care setting that still have a place, earliest first. */
  async withPlacesLeft({ odsCode, from, to }: SlotSearch): Promise<Slot[]> {
    const query = this.slots.createQueryBuilder('slot')
      .where('slot.ods_code = :odsCode', { odsCode })
      .andWhere('slot.booked < slot.capacity')
      .orderBy('slot.start_at')
      .addOrderBy('slot.id')
      .limit(SEARCH_LIMIT);
    if (from) query.andWhere('slot.start_at >= :from', { from });
    if (to) query.andWhere('slot.start_at < :to', { to });
    return (await query.getMany()).map(toSlot);
  }

  /** Takes one place if one is left; false when the slot is full (or does not exist). */
  async takePlace(manager: EntityManager, id: string): Promise<boolean> {
    const result = await manager.createQueryBuilder().update(SlotEntity)
      .set({ booked: () => 'booked + 1' })
      .where('id = :id and booked < capacity', { id })
      .execute();
    return result.affected === 1;
  }

  async freePlace(manager: EntityManager, id: string): Promise<void> {
    await manager.createQueryBuilder().update(SlotEntity).set({ booked: () => 'booked - 1' }).where('id = :id', { id }).execute();
  }
}

function toSlot({ id, odsCode, service, start, end, capacity, booked }: SlotEntity): Slot {
  return { id, odsCode, service, start, end, capacity, booked };
}
