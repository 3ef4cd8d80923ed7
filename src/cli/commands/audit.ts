import type { CliCommand } from '../cli-io.js';
import { CliError, commonOptions } from '../cli-io.js';

// Placeholder until the command lands; it says so instead of pretending to work.
export const auditCommand: CliCommand = {
  name: 'audit',
  summary: '(not yet available)',
  usage: 'mlgov audit',
  options: { ...commonOptions },
  allowPositionals: true,
  async run() {
    throw new CliError('mlgov audit is not available in this build yet');
  },
};
