import { copyEventId } from './copy-identity';

describe('copy identity', () => {
  it.each([
    // The DNS-namespace examples of RFC 9562 (appendix A.4) and of Python's uuid documentation.
    ['www.example.com', '6ba7b810-9dad-11d1-80b4-00c04fd430c8', '2ed6657d-e927-568b-95e1-2665a8aea6a2'],
    ['python.org', '6ba7b810-9dad-11d1-80b4-00c04fd430c8', '886313e1-3b8a-5372-9b90-0c9aee199e5d'],
  ])('copyEventId(%s, %s) = %s', (name, namespace, expected) => {
    expect(copyEventId(name, namespace)).toBe(expected);
  });

  it('is stable per event and subscription, and differs across either', () => {
    const event = '1b4e28ba-2fa1-41d2-883f-0016d3cca427';
    const subscription = '9f0c4a4e-7c43-4c2a-9a5c-35f1c0c0ab11';
    const other = 'e2a41c8c-5d3d-4b55-8a11-5b7e7c64d0c2';
    expect(copyEventId(event, subscription)).toBe(copyEventId(event, subscription));
    expect(copyEventId(event, subscription)).not.toBe(copyEventId(event, other));
    expect(copyEventId(event, subscription)).not.toBe(copyEventId(other, subscription));
    expect(copyEventId(event, subscription)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
