// Small helpers shared by command modules: default paths and option parsers.
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { InvalidArgumentError, type Command } from 'commander';
import { InputError } from '../../core/errors.js';
import { parseText, validateInput } from '../../core/input.js';
import { parseDockerHost, readDockerHostsFile } from '../../sandbox/docker-hosts.js';
import { KubernetesOptionsSchema, type KubernetesOptions } from '../../sandbox/kubernetes.js';
import type { SandboxPlacement } from '../../runner/sandboxes.js';
import { PACKAGE_ROOT } from '../../core/version.js';

/** The dataset bundled with the package. */
export const BUNDLED_DATASET = path.join(PACKAGE_ROOT, 'datasets', 'sample');

export function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a positive integer');
  return n;
}

export function positiveNumber(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('expected a positive number');
  return n;
}

export function sandboxKind(value: string): 'docker' | 'kubernetes' | 'local' | 'auto' {
  if (value === 'docker' || value === 'kubernetes' || value === 'local' || value === 'auto') return value;
  throw new InvalidArgumentError('expected docker, kubernetes, local or auto');
}

/** The sandbox placement flags (run, sandbox prune): a Docker host pool, a cluster. */
export interface PlacementFlags {
  dockerHost: string[];
  dockerHosts?: string;
  kubernetes?: string;
  k8sContext?: string;
  k8sNamespace?: string;
  k8sRegistry?: string;
}

export function placementOptions(command: Command): Command {
  return command
    .option(
      '--docker-host <url>',
      'a Docker host of the pool: unix:///path, tcp://host:port, ssh://user@host, with ?capacity=N&tls=DIR&identity=FILE (repeatable)',
      collect,
      [],
    )
    .option('--docker-hosts <file>', 'YAML file listing the pool: hosts: [{ url, capacity?, tlsDir?, identityFile? }]')
    .option('--kubernetes <file>', 'YAML file of cluster options for --sandbox kubernetes (docs/scale-out.md)')
    .option('--k8s-context <name>', 'kubeconfig context (overrides the file)')
    .option('--k8s-namespace <ns>', 'namespace of the sandbox pods (overrides the file)')
    .option('--k8s-registry <host/path>', 'registry the cluster pulls sandbox images from; they are pushed there (overrides the file)');
}

export function placementFrom(flags: PlacementFlags, recorded?: KubernetesOptions): SandboxPlacement {
  const dockerHosts = [...(flags.dockerHosts ? readDockerHostsFile(flags.dockerHosts) : []), ...flags.dockerHost.map(parseDockerHost)];
  const fromFile = flags.kubernetes ? readKubernetesFile(flags.kubernetes) : recorded;
  const overrides = { context: flags.k8sContext, namespace: flags.k8sNamespace, registry: flags.k8sRegistry };
  const given = Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined));
  const kubernetes = fromFile || Object.keys(given).length ? { ...fromFile, ...given } : undefined;
  return { ...(dockerHosts.length ? { dockerHosts } : {}), ...(kubernetes ? { kubernetes } : {}) };
}

/** The file's own values (recorded in run.json as given), checked against the schema. */
function readKubernetesFile(file: string): KubernetesOptions {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new InputError(file, '', `cannot read: ${(err as Error).message}`);
  }
  const raw = parseText(text, file, 'yaml') ?? {};
  validateInput(raw, KubernetesOptionsSchema, file);
  return raw as KubernetesOptions;
}
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}
