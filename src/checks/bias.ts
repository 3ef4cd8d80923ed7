import type { Check } from './check.js';

// Placeholder until the check lands; it skips and says so, so the gate never claims a rule it does not apply.
export const biasCheck: Check = {
  id: 'bias',
  title: 'bias',
  needs: ['manifest', 'biasReport'],
  run: () => ({ id: 'bias', status: 'skip', summary: 'not implemented in this build', findings: [] }),
};
