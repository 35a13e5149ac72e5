/**
 * Stable diagnostic codes of the manifest reader. NS0xxx: the text is not readable YAML;
 * NS1xxx: names; NS2xxx: values; NS9xxx: not simulated.
 */
export const CODES = {
  /** YAML syntax error reported by the parser. */
  yamlSyntax: 'NS0101',
  /** YAML parser warning (e.g. an unknown tag, kept as a plain string). */
  yamlWarning: 'NS0102',
  /** The input is over a size bound (bytes, documents, files, replicas). */
  tooLarge: 'NS0103',
  /** Alias expansion over the bound (a "billion laughs" document). */
  aliasBomb: 'NS0104',
  /** The file is not UTF-8 (invalid bytes, UTF-16). */
  encoding: 'NS0105',
  /** `kind` differs from a supported kind only by case. */
  kindNearMiss: 'NS1101',
  /** A field has a value of the wrong type or out of range. */
  invalidValue: 'NS2101',
  /** A required field is absent. */
  missingField: 'NS2102',
  /** The same thing is declared twice (a port, a port name). */
  duplicate: 'NS2103',
  /** Two fields contradict each other (Kubernetes API validation). */
  conflict: 'NS2104',
  /** A document is not a Kubernetes object (not a mapping, no kind). */
  notAnObject: 'NS2105',
  /** apiVersion does not name the group of the kind. */
  apiVersion: 'NS2106',
  /** A manifest path resolves outside the project root. */
  pathEscape: 'NS2110',
  /** A manifest path cannot be read or has the wrong extension. */
  unreadable: 'NS2111',
  /** A kind that netscn does not simulate. */
  kindNotSimulated: 'NS9101',
  /** A kind whose support is planned. */
  kindPlanned: 'NS9102',
  /** A field or situation that is approximated; the note says how. */
  approximated: 'NS9103',
} as const;
