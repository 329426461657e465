#!/usr/bin/env node
/**
 * jiyue command line: `build`, `merge`, `dev`, `import`, `preview`, `deploy`, `check`, `report` and `hook`
 * (npm run build / merge / dev / import / preview / deploy / check / report; the commands: main.ts).
 *
 * This file only starts it: the project's TypeScript is stripped once per file version, not once
 * per process (src/lib/stripped-types.ts), and that hook must be in place before the commands'
 * modules load, so they are imported after it.
 */
import { useStrippedTypeCache } from '../lib/stripped-types.ts';

useStrippedTypeCache();
await import('./main.ts');
