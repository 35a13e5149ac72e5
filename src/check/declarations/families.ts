/** The IP family of an address as written (already validated): IPv6 when it has a colon. */
import type { FamilyName } from '../../address/families.js';

export function familyOf(text: string): FamilyName {
  return text.includes(':') ? 'IPv6' : 'IPv4';
}
