import type { CliCommand } from '../cli-io.js';
import { CliError, commonOptions } from '../cli-io.js';

// Placeholder until the command lands; it says so instead of pretending to work.
export const diffCommand: CliCommand = {
  name: 'diff',
  summary: '(not yet available)',
  usage: 'mlgov diff',
  options: { ...commonOptions },
  allowPositionals: true,
  async run() {
    throw new CliError('mlgov diff is not available in this build yet');
  },
};
