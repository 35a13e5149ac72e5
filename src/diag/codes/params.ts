/**
 * Codes about an exercise's parameters (`param NAME DOMAIN` and `{{NAME}}`, src/check/params):
 * names (NS10xx) and values (NS20xx). A mistake that only shows once the parameters are bound is
 * reported with the code of that mistake, and a note naming the variant (seed and values).
 */
import { entry } from './entry.js';

const C = 'cluster c {\n  node n1 ip 192.168.0.11\n';

export const PARAMS = {
  unknownParam: entry({
    code: 'NS1013',
    title: 'reference to an undeclared parameter',
    severity: 'error',
    template: 'unknown parameter `{name}`',
    explanation:
      'A `{{NAME}}` names no parameter: every parameter is declared once at the top level with `param NAME DOMAIN` (`choose`, `label`, `range`, `port range`, `subnet of … size …`). Usually a typo: the help suggests the nearest declared name.',
    example: { kind: 'scenario', scenario: `param app choose web, shop\n${C}  pod {{ap}} on n1\n}\n` },
  }),
  unusedParam: entry({
    code: 'NS1014',
    title: 'parameter declared but never used',
    severity: 'warning',
    template: 'parameter `{name}` is never used',
    explanation:
      'A `param` declaration whose `{{NAME}}` appears nowhere in the scenario or the author\'s files it loads. It changes nothing between variants, so candidates would get the same answer for it. Use it, or remove the declaration.',
    example: { kind: 'scenario', scenario: `param app choose web, shop\n${C}  pod web on n1\n}\n` },
  }),
  paramDomain: entry({
    code: 'NS2034',
    title: 'invalid parameter domain',
    severity: 'error',
    template: 'parameter `{name}` has no valid domain: {problem}',
    explanation:
      'A parameter\'s domain must hold at least one value and list each once: a `range A-B` or `port range A-B` with A ≤ B, a `choose` or `label` list without repeats, a `subnet of BLOCK size N` whose size is at least the block\'s prefix length and at most the family\'s address length.',
    example: { kind: 'scenario', scenario: `param n range 9-3\n${C}  pod web{{n}} on n1\n}\n` },
  }),
  paramValue: entry({
    code: 'NS2035',
    title: 'parameter value outside its domain',
    severity: 'error',
    template: 'value `{value}` is outside the domain of parameter `{name}`',
    explanation:
      'A value a parameter could take is not of its kind: a `port range` bound outside 1-65535, a `label` value that is not a valid label value (at most 63 letters, digits, `-`, `_`, `.`, starting and ending with a letter or digit), a `subnet of` block that is no CIDR, or a value given on the command line (`netscn variant --set NAME=VALUE`) that the domain does not hold.',
    example: { kind: 'scenario', scenario: `param p port range 0-99\n${C}  pod web on n1 ports {{p}}\n}\n` },
  }),
} as const;
