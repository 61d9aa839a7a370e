// The engine's entry (src/engine/index.ts): its example does what it says.
import { describe, expect, it } from 'vitest';
import { evaluate, is } from '../src/engine/index.js';
import type { Model } from '../src/engine/index.js';

describe('src/engine/index.ts', () => {
  it('its example: setting port_closed rules out business as usual, and the reason names the setting', () => {
    const model: Model = {
      info: { name: 'harbour', title: 'The harbour' },
      sources: [], actors: [], contradictions: [], events: [],
      conditions: [{ id: 'port_closed', question: 'Is the port closed?', values: null, citations: [] }],
      constraints: [],
      scenarios: [{
        id: 'business_as_usual', numeral: 'A', title: 'Business as usual', prior: 1, labels: [],
        requires: [], triggers: [], evidence: [], consequences: [], citations: [],
        rulesOut: [{ when: is('port_closed'), citations: [] }],
      }],
    };
    const ev = evaluate(model, new Map([['port_closed', true]]));
    expect(ev.ok).toBe(true);
    if (!ev.ok) return;
    expect(ev.scenarios[0]?.status).toBe('ruled-out');
    expect(ev.scenarios[0]?.reasons[0]?.because?.settings).toEqual([{ condition: 'port_closed', value: true }]);
    expect(ev.scenarios[0]?.reasons[0]?.text).toContain('port_closed');
  });
});
