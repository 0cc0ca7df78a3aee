import { DecodedEvent } from '@care-events/local-platform';
import { AvroCodec } from '@care-events/messaging';

/** A message's value through the registry; a value that cannot be decoded says why instead of stopping the read. */
export async function decodeEvent(codec: AvroCodec, value: Buffer | null): Promise<DecodedEvent> {
  if (!value || value.length === 0) return { error: 'no value' };
  return codec.decode(value).catch((error: Error) => ({ error: error.message }));
}
