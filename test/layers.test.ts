/**
 * The layers of src/ hold (scripts/layers.ts, docs/architecture.md): no import cycle, every
 * folder placed, and no more imports running back up than recorded.
 */
import path from 'node:path';
import { expect, it } from 'vitest';
import { measureLayers } from '../scripts/layers.ts';
import { REPO_ROOT } from './helpers.ts';

it('src/ has no import cycle and at most the recorded imports back up the layers', () => {
  const r = measureLayers(path.join(REPO_ROOT, 'src'));
  expect(r.cycles).toEqual([]);
  expect(r.unplaced).toEqual([]);
  // docs/architecture.md lists these 9; a new one needs a reason there, or a better place.
  expect(r.upward.length, r.upward.map(([a, b]) => `${a} → ${b}`).join('\n')).toBeLessThanOrEqual(9);
});
