import type { Check } from './check.js';

// Placeholder until the check lands; it skips and says so, so the gate never claims a rule it does not apply.
export const promotionCheck: Check = {
  id: 'promotion',
  title: 'promotion',
  needs: ['manifest'],
  run: () => ({ id: 'promotion', status: 'skip', summary: 'not implemented in this build', findings: [] }),
};
