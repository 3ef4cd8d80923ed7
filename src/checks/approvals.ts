import type { Check } from './check.js';

// Placeholder until the check lands; it skips and says so, so the gate never claims a rule it does not apply.
export const approvalsCheck: Check = {
  id: 'approvals',
  title: 'approvals',
  needs: ['manifest'],
  run: () => ({ id: 'approvals', status: 'skip', summary: 'not implemented in this build', findings: [] }),
};
