import type { CliCommand } from '../cli-io.js';
import { CliError, commonOptions } from '../cli-io.js';

// Placeholder until the command lands; it says so instead of pretending to work.
export const approveCommand: CliCommand = {
  name: 'approve',
  summary: '(not yet available)',
  usage: 'mlgov approve',
  options: { ...commonOptions },
  allowPositionals: true,
  async run() {
    throw new CliError('mlgov approve is not available in this build yet');
  },
};
