// Process start-up of the bundled CLI (`mlgov --version`), next to a bare `node -e 0` so the share that is Node's
// own start-up is visible.
import { compareContenders, loadAverage } from '../lib/measure.mjs';

export async function runStartupCase({ cliPath, node, log, quick }) {
  const runs = quick ? 3 : 20;
  const contenders = [
    {
      name: 'mlgov --version',
      cmd: node,
      args: [cliPath, '--version'],
      check: (r) => {
        if (r.code !== 0 || !/\d+\.\d+\.\d+/.test(r.stdout)) throw new Error(`mlgov --version failed: ${r.stderr}`);
      },
    },
    { name: 'node -e 0', cmd: node, args: ['-e', '0'] },
  ];
  const measured = await compareContenders(contenders, { runs });
  for (const [name, m] of Object.entries(measured)) log(`    ${name.padEnd(18)} ${m.wallMs.median.toFixed(0)} ms`);
  return { runs, contenders: measured, loadAverage: loadAverage() };
}
