import { isWellFormed } from '../../shared/validation/strings';

/** The definition, code unit by code unit: every high surrogate is followed by a low one and every low one preceded by a high one. */
function wellFormedByDefinition(value: string): boolean {
  for (let index = 0; index < value.length; index++) {
    const unit = value.charCodeAt(index);
    if (unit >= 0xd800 && unit <= 0xdbff) {
      const following = value.charCodeAt(index + 1);
      if (!(following >= 0xdc00 && following <= 0xdfff)) return false;
      index++;
    } else if (unit >= 0xdc00 && unit <= 0xdfff) return false;
  }
  return true;
}

describe('isWellFormed', () => {
  it('refuses lone surrogates wherever they stand and accepts paired ones', () => {
    expect(['', 'plain', '连衣裙', '😀', 'a😀b'].map(isWellFormed)).toEqual([true, true, true, true, true]);
    expect(['\ud800', '\udc00', 'a\ud83d', '\ude00b', '\ude00\ud83d', '😀\ud83d', '\ud83d\ud83d\ude00x\udc00'].map(isWellFormed)).toEqual([false, false, false, false, false, false, false]);
  });

  it('agrees with the definition on generated strings dense in surrogates', () => {
    let seed = 42;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const units = [0x61, 0x4e2d, 0xd83d, 0xde00, 0xdbff, 0xdc00, 0xdfff, 0xd800, 0xffff, 0xe000];
    for (let count = 0; count < 5_000; count++) {
      const value = String.fromCharCode(...Array.from({ length: Math.floor(next() * 8) }, () => units[Math.floor(next() * units.length)]!));
      expect([value, isWellFormed(value)]).toEqual([value, wellFormedByDefinition(value)]);
    }
  });
});
