import type { Check } from './check.js';

// Placeholder until the check lands; it skips and says so, so the gate never claims a rule it does not apply.
export const versionCheck: Check = {
  id: 'version',
  title: 'version',
  needs: ['manifest'],
  run: () => ({ id: 'version', status: 'skip', summary: 'not implemented in this build', findings: [] }),
};
