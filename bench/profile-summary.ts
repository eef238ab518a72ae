import { readFileSync } from 'node:fs';

/**
 * Where a service's CPU time went, from a .cpuprofile written by `npm run bench -- --cpu-prof <dir>`:
 * self time per package (or our own code) and the busiest functions.
 * Usage: tsx bench/profile-summary.ts <file.cpuprofile> [top]
 */
interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

function ownerOf(url: string): string {
  if (!url) return '(native, GC or idle)';
  const modules = url.lastIndexOf('node_modules/');
  if (modules >= 0) {
    const rest = url.slice(modules + 'node_modules/'.length).split('/');
    return rest[0]!.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]!;
  }
  if (url.startsWith('node:')) return 'node core';
  return url.includes('/dist/') ? 'orion (dist)' : url;
}

function summarise(file: string, top: number): string {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfUs = new Map<number, number>();
  profile.samples.forEach((id, index) =>
    selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[index] ?? 0)),
  );
  const total = [...selfUs.values()].reduce((a, b) => a + b, 0);
  const busy = [...selfUs.entries()].filter(([id]) => byId.get(id)!.callFrame.functionName !== '(idle)');
  const busyTotal = busy.reduce((sum, [, us]) => sum + us, 0);
  const add = (map: Map<string, number>, key: string, us: number) => map.set(key, (map.get(key) ?? 0) + us);
  const owners = new Map<string, number>();
  const functions = new Map<string, number>();
  for (const [id, us] of busy) {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    add(owners, ownerOf(url), us);
    add(functions, `${functionName || '(anonymous)'} ${ownerOf(url)}:${lineNumber + 1}`, us);
  }
  const rows = (map: Map<string, number>) =>
    [...map.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([key, us]) => `  ${((100 * us) / busyTotal).toFixed(1).padStart(5)}%  ${key}`);
  return [
    `${file}: ${(total / 1e6).toFixed(1)} s sampled, ${(busyTotal / 1e6).toFixed(1)} s busy`,
    'busy time by owner:',
    ...rows(owners),
    'busiest functions (self time):',
    ...rows(functions),
  ].join('\n');
}

const [file, top] = process.argv.slice(2);
if (!file) {
  process.stderr.write('usage: tsx bench/profile-summary.ts <file.cpuprofile> [top]\n');
  process.exit(2);
}
process.stdout.write(`${summarise(file, Number(top ?? 15))}\n`);
