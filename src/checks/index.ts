import { approvalsCheck } from './approvals.js';
import { biasCheck } from './bias.js';
import type { AnyCheck } from './check.js';
import { checksumsCheck } from './checksums.js';
import { evidenceCheck } from './evidence.js';
import { jiraCheck } from './jira.js';
import { policyCheck } from './policy.js';
import { promotionCheck } from './promotion.js';
import { provenanceCheck } from './provenance.js';
import { schemaCheck } from './schema.js';
import { versionCheck } from './version.js';

/**
 * The gate's checks in report order (ids are contract: README, "What the gate checks"). A new list on each call, so
 * a caller that edits the list it was given changes no other run's gate (and the list is built where a test can see
 * it built, not once while the module loads).
 */
export function gateChecks(): AnyCheck[] {
  return [
    schemaCheck,
    provenanceCheck,
    checksumsCheck,
    versionCheck,
    biasCheck,
    approvalsCheck,
    jiraCheck,
    evidenceCheck,
    promotionCheck,
    policyCheck,
  ];
}
