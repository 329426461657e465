/** Catalogue entries for search indexing. Composed into `src/errors/catalogue.ts`. */
// import { entry } from '../errors/entry.ts';

export const searchEntries = {} as const;
