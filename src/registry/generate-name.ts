// metadata.generateName: the prefix plus five random characters from the alphabet
// Kubernetes uses (no vowels, no look-alikes), the prefix cut to keep names within 63.
import { randomInt } from 'node:crypto';

const ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';
const RANDOM_LENGTH = 5;
const MAX_NAME_LENGTH = 63;

export function randomSuffix(n = RANDOM_LENGTH): string {
  let s = '';
  for (let i = 0; i < n; i++) s += ALPHABET.charAt(randomInt(ALPHABET.length));
  return s;
}

export function generateName(base: string): string {
  const max = MAX_NAME_LENGTH - RANDOM_LENGTH;
  return `${base.length > max ? base.slice(0, max) : base}${randomSuffix()}`;
}
