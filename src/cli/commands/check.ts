import type { CliCommand } from '../cli-io.js';
import { CliError, commonOptions } from '../cli-io.js';

export const checkCommand: CliCommand = {
  name: 'check',
  summary: 'run the governance gate on the release in the repository',
  usage: 'mlgov check [--repo DIR] [--base REF] [--offline] [--format text|json|markdown|sarif] [--output FILE]',
  options: { ...commonOptions, base: { type: 'string' }, offline: { type: 'boolean' } },
  async run() {
    throw new CliError('not wired yet');
  },
};
