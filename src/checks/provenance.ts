import type { Check } from './check.js';

// Placeholder until the check lands; it skips and says so, so the gate never claims a rule it does not apply.
export const provenanceCheck: Check = {
  id: 'provenance',
  title: 'provenance',
  needs: ['manifest'],
  run: () => ({ id: 'provenance', status: 'skip', summary: 'not implemented in this build', findings: [] }),
};
