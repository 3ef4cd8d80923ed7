import type { CliCommand } from '../cli-io.js';
import { CliError, commonOptions } from '../cli-io.js';

// Placeholder until the command lands; it says so instead of pretending to work.
export const archiveCommand: CliCommand = {
  name: 'archive',
  summary: '(not yet available)',
  usage: 'mlgov archive',
  options: { ...commonOptions },
  allowPositionals: true,
  async run() {
    throw new CliError('mlgov archive is not available in this build yet');
  },
};
