import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

@Entity('slot')
export class SlotEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column({ name: 'ods_code', type: 'text' })
  odsCode!: string;

  @Column({ type: 'text' })
  service!: string;

  @Column({ name: 'start_at', type: 'timestamptz' })
  start!: Date;

  @Column({ name: 'end_at', type: 'timestamptz' })
  end!: Date;

  @Column({ type: 'int' })
  capacity!: number;

  @Column({ type: 'int' })
  booked!: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
