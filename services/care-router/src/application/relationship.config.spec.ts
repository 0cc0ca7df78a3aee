import { loadRelationshipConfig } from './relationship.config';

describe('loadRelationshipConfig', () => {
  it('keeps settings related for 72 hours and sweeps every minute by default', () => {
    expect(loadRelationshipConfig({})).toEqual({ windowHours: 72, sweepIntervalMs: 60_000 });
  });

  it('takes both from the environment', () => {
    expect(loadRelationshipConfig({ CARE_ROUTER_RELATIONSHIP_WINDOW_HOURS: '24', CARE_ROUTER_RELATIONSHIP_SWEEP_MS: '200' })).toEqual({
      windowHours: 24,
      sweepIntervalMs: 200,
    });
  });

  it('names every malformed setting at once', () => {
    expect(() => loadRelationshipConfig({ CARE_ROUTER_RELATIONSHIP_WINDOW_HOURS: '0', CARE_ROUTER_RELATIONSHIP_SWEEP_MS: 'often' })).toThrow(
      /CARE_ROUTER_RELATIONSHIP_WINDOW_HOURS must be a whole number from 1 to 8760 \(got "0"\)[\s\S]*CARE_ROUTER_RELATIONSHIP_SWEEP_MS must be a whole number/,
    );
  });
});
