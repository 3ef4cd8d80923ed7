import type { CliCommand } from '../cli-io.js';
import { CliError, commonOptions } from '../cli-io.js';

// Placeholder until the command lands; it says so instead of pretending to work.
export const logCommand: CliCommand = {
  name: 'log',
  summary: '(not yet available)',
  usage: 'mlgov log',
  options: { ...commonOptions },
  allowPositionals: true,
  async run() {
    throw new CliError('mlgov log is not available in this build yet');
  },
};
