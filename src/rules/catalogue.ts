/** Catalogue entries for content compliance (page-spec.md §6). Composed into `src/errors/catalogue.ts`. */
// import { entry } from '../errors/entry.ts';

export const contentEntries = {} as const;
