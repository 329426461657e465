/**
 * `node --import` this file to strip the project's TypeScript through the cache
 * (src/lib/stripped-types.ts) in a process whose entry is itself a project file (the unit worker).
 */
import { useStrippedTypeCache } from './stripped-types.ts';

useStrippedTypeCache();
