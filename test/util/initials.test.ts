import { describe, expect, it } from 'vitest';
import { initials } from '../../src/util/initials.js';

const N = '\u202F';
describe('initials', () => {
  it.each([
    ['André Jeannerot', `A.${N}J.`],
    ['Jean-Pierre Durand', `J.-P.${N}D.`],
    ['Jeanne d’Arc', `J.${N}A.`],
    ['Jean de La Fontaine', `J.${N}F.`],
    ['Marie-Alexandrine de La Tour d’Auvergne-Lauraguais-Montmorency', `M.-A.${N}A.-L.`],
    ['Émilie du Châtelet', `É.${N}C.`],
    ['Medinsoft', 'M.'],
    ['  ', ''],
    ['bell hooks', `B.${N}H.`],
  ])('%s → %s', (name, want) => {
    expect(initials(name)).toBe(want);
  });
});
