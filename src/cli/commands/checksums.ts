import type { CliCommand } from '../cli-io.js';
import { CliError, commonOptions } from '../cli-io.js';

// Placeholder until the command lands; it says so instead of pretending to work.
export const checksumsCommand: CliCommand = {
  name: 'checksums',
  summary: '(not yet available)',
  usage: 'mlgov checksums',
  options: { ...commonOptions },
  allowPositionals: true,
  async run() {
    throw new CliError('mlgov checksums is not available in this build yet');
  },
};
