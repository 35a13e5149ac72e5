/** Codes about assertions, tables and tasks (NS2019, NS2023-NS2029, NS2036). */
import { entry } from './entry.js';

const C = 'cluster c {\n  node n1 ip 192.168.0.11\n  pod a on n1 labels app=a ports 80\n  pod b on n1 labels app=b ports 80\n';

export const ASSERTIONS = {
  expectationOutcome: entry({
    code: 'NS2019',
    title: 'expectation detail that does not fit the expected outcome',
    severity: 'error',
    template: '{detail}',
    explanation:
      'Some parts of an expectation belong to one outcome only: a cause (`by policy`, `by security-group`, …) explains a failure, so `expect allow` takes none; and `backends`, `share`, `source` and X-Forwarded-For describe what is delivered, so only `expect allow` takes them. Remove the part, or change the expected outcome.',
    example: { kind: 'scenario', scenario: `${C}}\nfrom pod a reach pod b port 80 expect allow by policy\n` },
  }),
  taskPoints: entry({
    code: 'NS2023',
    title: 'task points out of range',
    severity: 'error',
    template: 'a task is worth 1 to 1000 points, not {points}',
    explanation: 'An exercise task is worth from 1 to 1000 points. Give it a number in that range.',
    example: { kind: 'scenario', scenario: `${C}}\ntask "reach b" points 0 {\n  from pod a reach pod b port 80 expect allow\n}\n` },
  }),
  clauseForTarget: entry({
    code: 'NS2024',
    title: 'assertion clause that does not fit its target or kind',
    severity: 'error',
    template: '{detail}',
    explanation:
      'Some assertion clauses only make sense for some targets: `via` picks an address of a Service or a pod, a group of pods is reached only by pod paths, `expect intermittent` and `backends` speak of one connection to one Service, and `share POD N%` belongs to reach assertions (a request takes `share svc NAME N%`). Name one source and one target, or remove the clause.',
    example: { kind: 'scenario', scenario: `${C}}\nfrom all pods reach pod b port 80 expect intermittent\n` },
  }),
  nodeWithoutAddress: entry({
    code: 'NS2025',
    title: 'source check against a node without an address',
    severity: 'error',
    template: 'node {node} has no address to compare with',
    explanation: '`source node NODE` compares the address a packet arrives from with the node\'s address, so the node needs one. Give the node an `ip` clause.',
    example: {
      kind: 'scenario',
      scenario: `cluster c {\n  node n1\n  pod a on n1 labels app=a ports 80\n  pod b on n1 labels app=b ports 80\n}\nfrom pod a reach pod b port 80 expect allow, source node n1\n`,
    },
  }),
  shareOver100: entry({
    code: 'NS2026',
    title: 'share over 100%',
    severity: 'error',
    template: 'a share is at most 100%, not {percent}%',
    explanation: 'A share is the part of the connections that reach one backend, from 0% to 100%. Give a percentage in that range.',
    example: {
      kind: 'scenario',
      scenario: `${C}  service s selector app=b port 80\n}\nfrom pod a reach svc s port 80 expect allow, share b 150%\n`,
    },
  }),
  contradictingPorts: entry({
    code: 'NS2027',
    title: 'port clauses that contradict each other',
    severity: 'error',
    template: '{first} and {second} contradict each other',
    explanation: 'An assertion gives its port once: `port N`, or `on any port`, or a table\'s `ports` list, not two of them. Keep one.',
    example: { kind: 'scenario', scenario: `${C}}\nfrom all pods reach all pods on any port port 80 expect allow\n` },
  }),
  notHttpUrl: entry({
    code: 'NS2028',
    title: 'request URL that is not http or https',
    severity: 'error',
    template: '`{url}` is not an http or https URL',
    explanation: 'A request assertion sends an HTTP request to a URL, which starts with http:// or https:// and names a host. Write the URL so.',
    example: { kind: 'scenario', scenario: `${C}}\nfrom pod a request ftp://b/x expect status 200\n` },
  }),
  httpStatus: entry({
    code: 'NS2029',
    title: 'expected HTTP status out of range',
    severity: 'error',
    template: '{status} is not an HTTP status',
    explanation: 'HTTP statuses are numbers from 100 to 599. Expect a status in that range.',
    example: { kind: 'scenario', scenario: `${C}}\nfrom pod a request http://b/x expect status 700\n` },
  }),
  pingPath: entry({
    code: 'NS2036',
    title: 'ping with a port path or an outcome a ping cannot have',
    severity: 'error',
    template: '{detail}',
    explanation:
      'A `ping` sends an ICMP echo request, which has no port: it takes no path that is a port (`via hostport`), and nothing refuses it with a reset, so it is never `refused` (a ping that is rejected comes back `unreachable`, one that is dropped is a `timeout`). Use `reach ... port N` for a connection to a port, or expect `unreachable`, `timeout` or `deny`.',
    example: { kind: 'scenario', scenario: `${C}}\nfrom pod a ping pod b expect refused\n` },
  }),
} as const;
