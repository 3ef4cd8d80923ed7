import type { CliCommand } from '../cli-io.js';
import { CliError, commonOptions } from '../cli-io.js';

// Placeholder until the command lands; it says so instead of pretending to work.
export const rollbackCommand: CliCommand = {
  name: 'rollback',
  summary: '(not yet available)',
  usage: 'mlgov rollback',
  options: { ...commonOptions },
  allowPositionals: true,
  async run() {
    throw new CliError('mlgov rollback is not available in this build yet');
  },
};
