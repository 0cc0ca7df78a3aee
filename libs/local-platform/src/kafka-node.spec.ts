import { newClusterId } from './kafka-node';

describe('newClusterId', () => {
  it('draws again when the id would start with "-", which StorageTool would read as an option', () => {
    // 0xF8 encodes to "-" as the first base64url character.
    const draws = [Buffer.alloc(16, 0xf8), Buffer.alloc(16, 0x01)];
    const id = newClusterId(() => draws.shift() as Buffer);
    expect(Buffer.alloc(16, 0xf8).toString('base64url')[0]).toBe('-');
    expect(id).toBe(Buffer.alloc(16, 0x01).toString('base64url'));
  });

  it('gives 22 URL-safe characters', () => {
    expect(newClusterId()).toMatch(/^[A-Za-z0-9_][A-Za-z0-9_-]{21}$/);
  });
});
