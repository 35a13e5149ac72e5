/** Codes of reading an exam file (NS02xx): src/grade/exam-file.ts. */
import { entry } from './entry.js';

export const EXAM = {
  examInvalid: entry({
    code: 'NS0201',
    title: 'exam file not valid',
    severity: 'error',
    template: 'exam: {detail}',
    explanation:
      'An exam file (`netscn grade EXAM.yaml …`) lists exercises with their points: `title`, optional `time-limit` and `pass-mark`, and `exercises`, each with `exercise` (a .netscn file relative to the exam), `points` (a positive integer) and optional `folder` (the candidate\'s sub-folder for it). The file is read strictly, because a typo in a pass mark or in points would silently change every candidate\'s result: the message says which field is unknown, missing or of the wrong kind. Fix the exam file at the caret; the README\'s section for exam authors shows a complete one.',
    example: { kind: 'exam', exam: 'title: Networking practical\npass-mark: 70%\nexercises:\n  - exercise: lab/exercise.netscn\n    pionts: 10\n' },
  }),
} as const;
