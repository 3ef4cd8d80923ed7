import type { CliCommand } from '../cli-io.js';
import { approveCommand } from './approve.js';
import { archiveCommand } from './archive.js';
import { auditCommand } from './audit.js';
import { cardCommand } from './card.js';
import { checkCommand } from './check.js';
import { checksumsCommand } from './checksums.js';
import { diffCommand } from './diff.js';
import { exportCommand } from './export.js';
import { logCommand } from './log.js';
import { preflightCommand } from './preflight.js';
import { rollbackCommand } from './rollback.js';

/** Every CLI command, in the order `mlgov --help` lists them (DESIGN.md §5). */
export const commands: CliCommand[] = [
  checkCommand,
  checksumsCommand,
  approveCommand,
  archiveCommand,
  rollbackCommand,
  diffCommand,
  auditCommand,
  logCommand,
  preflightCommand,
  cardCommand,
  exportCommand,
];
