import { describe, expect, it } from 'vitest';
import { leftWords } from '../../src/dataset/money-text.js';

describe('leftWords', () => {
  it('says nothing is left where the amount would print as R0.0 million, and the amount otherwise', () => {
    expect(leftWords(0)).toBe('nothing');
    expect(leftWords(49_999)).toBe('nothing');
    expect(leftWords(50_000)).toBe('only R0.1 million');
    expect(leftWords(2_100_000)).toBe('only R2.1 million');
  });
});
