import type { CliCommand } from '../cli-io.js';
import { CliError, commonOptions } from '../cli-io.js';

// Placeholder until the command lands; it says so instead of pretending to work.
export const preflightCommand: CliCommand = {
  name: 'preflight',
  summary: '(not yet available)',
  usage: 'mlgov preflight',
  options: { ...commonOptions },
  allowPositionals: true,
  async run() {
    throw new CliError('mlgov preflight is not available in this build yet');
  },
};
