import type { CliCommand } from '../cli-io.js';
import { CliError, commonOptions } from '../cli-io.js';

// Placeholder until the command lands; it says so instead of pretending to work.
export const cardCommand: CliCommand = {
  name: 'card',
  summary: '(not yet available)',
  usage: 'mlgov card',
  options: { ...commonOptions },
  allowPositionals: true,
  async run() {
    throw new CliError('mlgov card is not available in this build yet');
  },
};
