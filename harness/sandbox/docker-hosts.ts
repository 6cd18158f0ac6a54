// Docker hosts a run may use: `--docker-host URL` (repeatable) or a hosts file, each a daemon
// reached over unix://, tcp:// (TLS with a certificate folder) or ssh:// (the remote's
// `docker system dial-stdio`, as the docker CLI does), with its own capacity.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import Docker from 'dockerode';
import { z } from 'zod';
import { InputError } from '../core/errors.js';
import { readInputSync } from '../core/input.js';

export interface DockerHostSpec {
  url: string;
  /** Sandboxes the host should hold at once (default: its CPU count). */
  capacity?: number;
  /** tcp:// with TLS: folder holding ca.pem, cert.pem, key.pem (default $DOCKER_CERT_PATH when the port is 2376). */
  tlsDir?: string;
  /** ssh://: a private key file (default: the ssh agent at $SSH_AUTH_SOCK). */
  identityFile?: string;
}

const HostSchema = z
  .object({
    url: z.string().regex(/^(unix|tcp|ssh):\/\//, 'expected unix://, tcp:// or ssh://'),
    capacity: z.number().int().positive().optional(),
    tlsDir: z.string().optional(),
    identityFile: z.string().optional(),
  })
  .strict();
const HostsFileSchema = z.object({ hosts: z.array(HostSchema).min(1) }).strict();

/** `URL[?capacity=N&tls=DIR&identity=FILE]` from the command line. */
export function parseDockerHost(text: string): DockerHostSpec {
  const m = /^(unix|tcp|ssh):\/\/([^?]*)(?:\?(.*))?$/.exec(text.trim());
  if (!m) throw new InputError('command line', '--docker-host', `expected unix:///path, tcp://host:port or ssh://user@host, got "${text}"`);
  const params = new URLSearchParams(m[3] ?? '');
  const spec: DockerHostSpec = { url: `${m[1]}://${m[2]}` };
  for (const [k, v] of params) {
    if (k === 'capacity') {
      const n = Number(v);
      if (!Number.isInteger(n) || n < 1)
        throw new InputError('command line', '--docker-host', `capacity must be a positive integer, got "${v}"`);
      spec.capacity = n;
    } else if (k === 'tls') spec.tlsDir = v;
    else if (k === 'identity') spec.identityFile = v;
    else throw new InputError('command line', '--docker-host', `unknown option "${k}" (capacity, tls, identity)`);
  }
  return spec;
}

/** A hosts file: `hosts: [{ url, capacity?, tlsDir?, identityFile? }]` (paths relative to the file). */
export function readDockerHostsFile(file: string): DockerHostSpec[] {
  const parsed = readInputSync(file, HostsFileSchema, { format: 'yaml' });
  const dir = path.dirname(path.resolve(file));
  return parsed.hosts.map((h) => ({
    ...h,
    tlsDir: h.tlsDir && path.resolve(dir, h.tlsDir),
    identityFile: h.identityFile && path.resolve(dir, h.identityFile),
  }));
}

/** The host's name in logs and errors: its URL without credentials. */
export function hostName(spec: DockerHostSpec): string {
  return spec.url.replace(/\/\/[^@/]*@/, '//');
}

/** A dockerode client for one host. */
export function dockerClientFor(spec: DockerHostSpec): Docker {
  const url = new URL(spec.url);
  if (url.protocol === 'unix:') return new Docker({ socketPath: url.pathname });
  if (url.protocol === 'ssh:') {
    return new Docker({
      protocol: 'ssh',
      host: url.hostname,
      port: url.port ? Number(url.port) : 22,
      username: decodeURIComponent(url.username) || undefined,
      sshOptions: spec.identityFile ? { privateKey: readFileSync(spec.identityFile) } : { agent: process.env.SSH_AUTH_SOCK },
    } as Docker.DockerOptions);
  }
  const tlsDir = spec.tlsDir ?? (url.port === '2376' ? process.env.DOCKER_CERT_PATH : undefined);
  if (!tlsDir) return new Docker({ protocol: 'http', host: url.hostname, port: Number(url.port || 2375) });
  const read = (name: string) => readFileSync(path.join(tlsDir, name));
  return new Docker({
    protocol: 'https',
    host: url.hostname,
    port: Number(url.port || 2376),
    ca: read('ca.pem'),
    cert: read('cert.pem'),
    key: read('key.pem'),
  });
}
