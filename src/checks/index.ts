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

/** The gate's checks in report order (ids are contract: README, "What the gate checks"). */
export const checks: AnyCheck[] = [
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
