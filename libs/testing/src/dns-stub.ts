import { createSocket, RemoteInfo, Socket } from 'node:dgram';
import { once } from 'node:events';
import { isIPv4, isIPv6 } from 'node:net';

/** The answers for one name: IPv4 (A) and IPv6 (AAAA) addresses. */
export interface DnsAnswers {
  A?: string[];
  AAAA?: string[];
}

const TYPE_A = 1;
const TYPE_AAAA = 28;

function encodeAddress(type: number, address: string): Buffer {
  if (type === TYPE_A) return Buffer.from(address.split('.').map(Number));
  // Expand "::" and write the eight 16-bit groups.
  const [head, tail] = address.includes('::') ? address.split('::') : [address, undefined];
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups =
    tail === undefined ? left : [...left, ...Array(8 - left.length - right.length).fill('0'), ...right];
  const bytes = Buffer.alloc(16);
  groups.forEach((group, i) => bytes.writeUInt16BE(parseInt(group, 16), i * 2));
  return bytes;
}

/**
 * A real DNS server on loopback (UDP) answering A and AAAA queries for the names a test gives
 * it, NXDOMAIN for every other name: lets a test make a public-looking name resolve to any
 * address through the ordinary resolver path (point the service's resolver at `server`).
 */
export class DnsStub {
  private readonly names = new Map<string, DnsAnswers>();
  private readonly asked: { name: string; type: number }[] = [];

  private constructor(
    private readonly socket: Socket,
    /** "127.0.0.1:<port>", the form resolvers' setServers() takes. */
    readonly server: string,
  ) {
    socket.on('message', (message, peer) => this.answer(message, peer));
  }

  static async start(names: Record<string, DnsAnswers> = {}): Promise<DnsStub> {
    const socket = createSocket('udp4');
    socket.bind(0, '127.0.0.1');
    await once(socket, 'listening');
    const stub = new DnsStub(socket, `127.0.0.1:${socket.address().port}`);
    for (const [name, answers] of Object.entries(names)) stub.set(name, answers);
    return stub;
  }

  /** Sets (or replaces) the answers for a name. */
  set(name: string, answers: DnsAnswers): void {
    for (const address of answers.A ?? []) if (!isIPv4(address)) throw new Error(`${address} is not IPv4`);
    for (const address of answers.AAAA ?? []) if (!isIPv6(address)) throw new Error(`${address} is not IPv6`);
    this.names.set(name.toLowerCase().replace(/\.$/, ''), answers);
  }

  /** The names asked so far, in order (A and AAAA queries both counted). */
  queries(): string[] {
    return this.asked.map((q) => q.name);
  }

  async stop(): Promise<void> {
    this.socket.close();
    await once(this.socket, 'close');
  }

  private answer(query: Buffer, peer: RemoteInfo): void {
    if (query.length < 17) return;
    const labels: string[] = [];
    let offset = 12;
    while (offset < query.length && query[offset]! > 0) {
      const length = query[offset]!;
      labels.push(query.subarray(offset + 1, offset + 1 + length).toString('ascii'));
      offset += length + 1;
    }
    const questionEnd = offset + 5;
    if (questionEnd > query.length) return;
    const type = query.readUInt16BE(offset + 1);
    const name = labels.join('.').toLowerCase();
    this.asked.push({ name, type });
    const known = this.names.get(name);
    const addresses = (type === TYPE_A ? known?.A : type === TYPE_AAAA ? known?.AAAA : undefined) ?? [];
    const header = Buffer.alloc(12);
    query.copy(header, 0, 0, 2);
    // QR, opcode 0, AA, RD copied, RA; rcode 3 (NXDOMAIN) for unknown names.
    header.writeUInt16BE(0x8580 | ((query[2]! & 0x01) << 8) | (known ? 0 : 3), 2);
    header.writeUInt16BE(1, 4);
    header.writeUInt16BE(addresses.length, 6);
    const records = addresses.map((address) => {
      const data = encodeAddress(type, address);
      const record = Buffer.alloc(12);
      record.writeUInt16BE(0xc00c, 0);
      record.writeUInt16BE(type, 2);
      record.writeUInt16BE(1, 4);
      record.writeUInt32BE(0, 6);
      record.writeUInt16BE(data.length, 10);
      return Buffer.concat([record, data]);
    });
    const reply = Buffer.concat([header, query.subarray(12, questionEnd), ...records]);
    this.socket.send(reply, peer.port, peer.address);
  }
}
