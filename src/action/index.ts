// The action's entry point (action.yml runs dist/index.js, bundled from here): everything happens in run().
import { run } from './run.js';

await run();
