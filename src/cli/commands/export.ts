import type { CliCommand } from '../cli-io.js';
import { CliError, commonOptions } from '../cli-io.js';

// Placeholder until the command lands; it says so instead of pretending to work.
export const exportCommand: CliCommand = {
  name: 'export',
  summary: '(not yet available)',
  usage: 'mlgov export',
  options: { ...commonOptions },
  allowPositionals: true,
  async run() {
    throw new CliError('mlgov export is not available in this build yet');
  },
};
