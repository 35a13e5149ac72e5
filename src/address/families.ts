/** IP families: the number the model computes with, and the name the API and messages use. */
export type Family = 4 | 6;

/** `IPv4` or `IPv6`, as Service `ipFamilies` and the checker's messages write them. */
export type FamilyName = 'IPv4' | 'IPv6';

export function familyName(f: Family): FamilyName {
  return f === 6 ? 'IPv6' : 'IPv4';
}
