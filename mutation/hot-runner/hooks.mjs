// Module hooks of the mutation test runner (registered by runner.mjs with `module.register`): the suite's TypeScript
// runs natively (Node's type stripping, `--experimental-transform-types`), so two things jest's configuration did
// must be done here.
// - `import … from './x.js'` names the file the compiler will emit; in the sources it is `./x.ts` (jest maps it with
//   moduleNameMapper).
// - `@jest/globals` is the test API; here it is jest-globals.mjs, the runner's own describe/it/expect.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const JEST_GLOBALS = new URL('./jest-globals.mjs', import.meta.url).href;

export async function resolve(specifier, context, nextResolve) {
  if (specifier === '@jest/globals') return { url: JEST_GLOBALS, shortCircuit: true };
  if ((specifier.startsWith('./') || specifier.startsWith('../')) && specifier.endsWith('.js') && context.parentURL) {
    const ts = new URL(specifier.slice(0, -3) + '.ts', context.parentURL);
    if (ts.protocol === 'file:' && !fileURLToPath(ts).includes('/node_modules/') && existsSync(fileURLToPath(ts))) {
      return nextResolve(ts.href, context);
    }
  }
  return nextResolve(specifier, context);
}
