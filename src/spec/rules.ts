/** Catalogue entries for the national page spec (page-spec.md §1–§4). Composed into `src/errors/catalogue.ts`. */
// import { entry } from '../errors/entry.ts';

export const pageSpecEntries = {} as const;
