/**
 * The help texts: `netscn --help` (every command) and `netscn COMMAND --help` (its usage,
 * options and an example). One entry per command of COMMANDS; the exhaustive record keeps them
 * in step.
 */
import type { CommandName } from './args.js';

export const HELP = `netscn: test Kubernetes networking without a cluster

Usage:
  netscn test [paths...]          run scenarios (default: scenarios/)
  netscn check [paths...]         report errors in scenarios without running them
  netscn explain <file>:<line>    show every path of the assertion on that line (--format mermaid: a diagram)
  netscn explain-code [code]      what a diagnostic code (e.g. NS1002) means and how to fix it;
                                  without a code, the list of codes
  netscn diagram <file>           the scenario's cluster as a Mermaid diagram, with its truth tables' edges
  netscn connlist <manifests...>  allowed workload-to-workload connections of Kubernetes manifests
  netscn diff <before> <after>    the connections added, removed and changed between two sets of
                                  manifests (or a scenario's steps: diff <file> --from-step A --to-step B)
  netscn grade <exercise> [dir]   grade a learner's files (in dir) against an exercise's tasks
  netscn grade <exam.yaml> <dir>  grade a candidate (--candidate ID) or a class (--class) in an exam
  netscn variant <exercise>       a parametrised exercise with its values bound (--seed S, or
                                  --candidate ID with the exam's salt); --tasks: what a candidate reads
  netscn fmt [paths...]           rewrite scenarios in the canonical layout (--check: only list
                                  the files that would change; -: standard input to standard output)
  netscn lsp                      the language server for editors, on stdin/stdout

Paths may be .netscn files or folders (searched recursively, run in sorted order).
\`netscn COMMAND --help\` shows a command's own options and examples.

Options:
  -r, --reporter <name>   pretty (default), json or junit
  -t, --filter <pattern>  only assertions whose text or step title contains <pattern>;
                          /regex/flags for a regular expression
  -o, --output <file>     write the json or junit report (or the connlist, or the diff) to <file>
  -f, --format <name>     connlist: txt (netpol-analyzer's format), json, csv, md, dot, mermaid;
                          diff: txt, json, csv, md, mermaid;
                          explain: text (default) or mermaid
      --no-color          no colours (also when NO_COLOR is set or output is not a terminal)
  -h, --help              show this help
  -v, --version           show the version

Exit codes:
  0   every assertion passed
  1   an assertion failed
  2   a scenario has errors (bad syntax, unknown names, invalid values)
  64  usage error (bad command line, missing file, a --filter that matches nothing)
  70  internal error in netscn (please report it)
  141 stdout was closed before the report ended (e.g. piped into head)

Examples:
  netscn test
  netscn test scenarios/services --filter nodeport
  netscn test --filter '/deny by (policy|security-group)/'
  netscn test --reporter junit --output reports/netscn.xml
  netscn check scenarios/policy/default-deny.netscn
  netscn explain scenarios/services/clusterip.netscn:20
  netscn connlist k8s/ --format mermaid
  netscn diff main/k8s/ k8s/ --exit-code
`;

const COLOR = '      --no-color          no colours (also when NO_COLOR is set or output is not a terminal)';

export const COMMAND_HELP: Readonly<Record<CommandName, string>> = {
  test: `netscn test: run scenarios and report every assertion

Usage:
  netscn test [paths...]          .netscn files or folders (default: scenarios/)

Options:
  -r, --reporter <name>   pretty (default: results per file as each finishes), json or junit
  -t, --filter <pattern>  only assertions whose text or step title contains <pattern>;
                          /regex/flags for a regular expression; matching nothing is an error
  -o, --output <file>     write the json or junit report to <file>
${COLOR}

Exit codes: 0 all passed, 1 an assertion failed, 2 a scenario has errors, 64 usage error
(a --filter that matches nothing included).

Examples:
  netscn test scenarios/services --filter nodeport
  netscn test --reporter junit --output reports/netscn.xml
`,
  check: `netscn check: report problems in scenarios without running them

Usage:
  netscn check [paths...]         .netscn files or folders (default: scenarios/)

Options:
  -r, --reporter <name>   pretty (default), json or junit
  -o, --output <file>     write the json or junit report to <file>
${COLOR}

Exit codes: 0 no errors, 2 a scenario has errors, 64 usage error.

Example:
  netscn check scenarios/policy/default-deny.netscn
`,
  explain: `netscn explain: every path of one assertion, hop by hop

Usage:
  netscn explain <file>:<line>    the assertion that starts on that line

Options:
  -f, --format <name>     text (default) or mermaid (the paths as a diagram)
${COLOR}

Exit codes: 0 the assertion holds, 1 it fails, 2 the scenario has errors, 64 no assertion there.

Example:
  netscn explain scenarios/services/clusterip.netscn:20 --format mermaid
`,
  'explain-code': `netscn explain-code: what a diagnostic code means, with an example

Usage:
  netscn explain-code <code>      the code's title, explanation, message and an input that
                                  triggers it (like rustc --explain)
  netscn explain-code             every code with its title

Exit codes: 0 explained, 2 no such code (with a did-you-mean), 64 usage error.
The list is also in docs/diagnostics.md.

Example:
  netscn explain-code NS1002
`,
  diagram: `netscn diagram: a scenario's cluster as a Mermaid diagram

Usage:
  netscn diagram <file>           node pools, nodes, pods, Services, load balancers, Ingress
                                  routes and the edges of the top-level truth tables

Example:
  netscn diagram scenarios/ingress/ingress-nginx.netscn > cluster.mmd
`,
  connlist: `netscn connlist: the connections Kubernetes manifests allow, workload to workload

Usage:
  netscn connlist <manifests...>  .yaml, .yml or .json files, or folders (below the current
                                  directory); in a folder, files that are not Kubernetes objects
                                  (no apiVersion or kind, e.g. package.json) are skipped with a warning

Options:
  -f, --format <name>     txt (netpol-analyzer's format, default), json, csv, md, dot, mermaid
  -o, --output <file>     write the list to <file>
  --cluster-workloads     add the workloads every cluster runs when the manifests lack them:
                          kube-system/coredns (k8s-app=kube-dns, 53/UDP and TCP, 9153/TCP) and
                          ingress-nginx/ingress-nginx-controller (80, 443/TCP)

Exit codes: 0 listed, 2 a manifest has errors, 64 usage error.

Example:
  netscn connlist k8s/ --format md
`,
  diff: `netscn diff: the connections that differ between two sets of manifests, or two steps of a scenario

Usage:
  netscn diff <before> <after>    two manifest files or folders, each read as connlist reads it
  netscn diff <file.netscn>       one scenario's cluster at two steps (listed as connlist lists it)

Changes come most exposing first: connections added and ports gained (from external
addresses, then from the ingress controller, then to external addresses, then across
namespaces, then within one), then connections removed and ports lost, in the same order;
then the workloads present on one side only. txt marks them + added, - removed, ~ changed.

Options:
  -f, --format <name>     txt (default), json, csv, md, mermaid
  -o, --output <file>     write the diff to <file>
      --exit-code         exit 1 when there is a difference (for CI)
      --from-step <step>  a scenario's step to compare from: 0 (the cluster as declared, the
                          default), a step's number (1 = the first step block) or its title
      --to-step <step>    the step to compare to (default: the last)
      --cluster-workloads add cluster DNS and an ingress controller to both sides when missing
                          (as connlist --cluster-workloads)

Exit codes: 0 compared (with --exit-code: no difference), 1 with --exit-code: a difference,
2 an input has errors, 64 usage error.

Examples:
  netscn diff main/k8s/ k8s/ --exit-code --format md
  netscn diff scenarios/policy/policy-change/policy-change.netscn --from-step 0 --to-step "apply the change"
`,
  lsp: `netscn lsp: the language server for editors (VS Code: editors/vscode/)

Usage:
  netscn lsp                      serves the Language Server Protocol on stdin/stdout: the
                                  diagnostics of \`netscn check\`, completion, hover, go to
                                  definition, references, rename, outline, formatting (netscn fmt),
                                  quick fixes and code lenses to run or explain an assertion

Example:
  netscn lsp    # started by the editor, not by hand
`,
  fmt: `netscn fmt: rewrite scenarios in the one canonical layout

Usage:
  netscn fmt [paths...]           .netscn files or folders (default: scenarios/); - reads standard
                                  input and writes standard output

Options:
      --check             change nothing: list the files that are not formatted

Exit codes: 0 formatted (or, with --check, nothing to change), 1 --check found files to change,
2 a file has syntax errors (it is left as it is), 64 usage error.

Example:
  netscn fmt --check scenarios/
`,
  grade: `netscn grade: score a learner's files against an exercise's tasks

Usage:
  netscn grade <exercise> [dir]   dir: the submission folder (default: the exercise's own files)
  netscn grade <exam.yaml> <dir> --candidate <id>
                                  dir: the candidate's folder, a sub-folder per exercise
  netscn grade <exam.yaml> <dir> --class [--csv <file>]
                                  dir: a folder per candidate, named by the candidate's id

Options:
  -r, --reporter <name>   pretty (default), json (for autograders) or junit (a testcase per task;
                          one exercise only)
  -o, --output <file>     write the json or junit report to <file>
      --candidate <id>    grade against this candidate's variant(s), derived from the salt
      --salt <secret>     the exam's secret salt (default: the NETSCN_EXAM_SALT environment
                          variable); it derives each candidate's variants and is never printed
      --seed <seed>       one exercise: grade against the variant of this seed
      --set <name=value>  one exercise: fix a parameter's value (repeatable)
      --class             an exam: grade every candidate folder of <dir>, a JSON line each
      --csv <file>        with --class: the results as CSV, for a course platform

See \`netscn variant --help\` for parametrised exercises.

Exit codes: 0 full marks (an exam: passed, or full marks where it sets no pass mark; a class:
every candidate graded), 1 not (an empty or broken submission included), 2 the exercise or exam
itself does not check, 64 usage error.

Examples:
  netscn grade scenarios/course/06-network-policy/exercise.netscn my-answer/ --reporter json
  NETSCN_EXAM_SALT=… netscn grade scenarios/course/exam.yaml answers/ --class -r json -o results.jsonl --csv results.csv
`,
  variant: `netscn variant: a parametrised exercise with every parameter bound

Usage:
  netscn variant <exercise>       prints the scenario with the values of one variant in place

Options:
      --seed <seed>       the variant of this seed (default 0); the same seed always gives the same variant
      --candidate <id>    the variant of this candidate: its seed comes from the id and the exam's secret
                          salt (--salt, or the NETSCN_EXAM_SALT environment variable)
      --salt <salt>       the exam's secret salt
      --set <name=value>  fix a parameter's value (repeatable); it must lie in the parameter's domain
      --tasks             print only what the candidate reads: the title and each task's points and texts
      --bind <file>       print an author's file (a start file, the reference solution) with the values

Exit codes: 0 printed, 2 the exercise or this variant of it does not check, 64 usage error.

Example:
  NETSCN_EXAM_SALT=s3cret netscn variant scenarios/course/02-clusterip-and-dns/exercise.netscn --candidate alice --tasks
`,
};
