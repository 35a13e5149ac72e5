/** Codes that report a bug in netscn, not in the input (NS09xx). No input is meant to trigger them. */
import { entry } from './entry.js';

const REPORT = 'It is a bug in netscn, not in your file: please report it with the file that caused it.';

export const INTERNAL = {
  internalParse: entry({
    code: 'NS0900',
    title: 'internal error while parsing',
    severity: 'error',
    template: 'internal error while parsing',
    explanation: `The parser failed in a way it does not expect (an exception instead of a syntax error). ${REPORT} The fuzz tests look for inputs that cause it.`,
    example: { kind: 'internal', how: 'an exception thrown inside the parser' },
  }),
  internalCheck: entry({
    code: 'NS0901',
    title: 'internal error while checking',
    severity: 'error',
    template: 'internal error while checking',
    explanation: `The checker failed in a way it does not expect (an exception instead of a diagnostic). ${REPORT} The fuzz tests look for inputs that cause it.`,
    example: { kind: 'internal', how: 'an exception thrown inside the checker' },
  }),
  internalFormat: entry({
    code: 'NS0902',
    title: 'internal error while formatting',
    severity: 'error',
    template: 'internal error while formatting; the file was left as it is',
    explanation: `\`netscn fmt\` produced a layout that does not parse back to the same file, so it left the file unchanged. ${REPORT}`,
    example: { kind: 'internal', how: 'a formatted text that does not parse back to the same meaning' },
  }),
  internalYaml: entry({
    code: 'NS0903',
    title: 'internal error while reading YAML',
    severity: 'error',
    template: 'YAML could not be read: {detail}',
    explanation: `The YAML reader failed in a way it does not expect (an exception, not a YAML syntax error or a bound). ${REPORT} The fuzz tests look for inputs that cause it.`,
    example: { kind: 'internal', how: 'an exception thrown inside the YAML parser' },
  }),
} as const;
