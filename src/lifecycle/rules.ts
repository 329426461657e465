/** Catalogue entries for site and content lifecycle (page-spec.md §5). Composed into `src/errors/catalogue.ts`. */
// import { entry } from '../errors/entry.ts';

export const lifecycleEntries = {} as const;
