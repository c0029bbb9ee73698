import crypto from 'node:crypto';
import http from 'node:http';
import type { Duplex } from 'node:stream';

/**
 * A Discord gateway on 127.0.0.1, small enough to read: the WebSocket handshake and frames
 * (RFC 6455, text frames only) and the gateway's opening — HELLO, IDENTIFY → READY, heartbeats
 * acknowledged — after which a test can dispatch events such as INTERACTION_CREATE.
 */
export async function fakeGateway() {
  const sockets = new Set<Duplex>();
  const received: { op: number; d: unknown }[] = [];
  let sequence = 0;
  const server = http.createServer((_req, res) => res.writeHead(426).end());
  server.on('upgrade', (req, socket) => {
    const key = req.headers['sec-websocket-key'];
    const accept = crypto.createHash('sha1').update(`${key}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`).digest('base64');
    socket.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`);
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => sockets.delete(socket));
    let buffer = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      for (;;) {
        const frame = readFrame(buffer);
        if (!frame) break;
        buffer = buffer.subarray(frame.length);
        if (frame.opcode === 8) {
          socket.end();
          return;
        }
        if (frame.opcode !== 1) continue;
        const message = JSON.parse(frame.payload.toString('utf8')) as { op: number; d: unknown };
        received.push(message);
        if (message.op === 1) send(socket, { op: 11, d: null });
        if (message.op === 2) {
          send(socket, {
            op: 0,
            t: 'READY',
            s: ++sequence,
            d: {
              v: 10,
              user: { id: '42', username: 'parley', discriminator: '0', bot: true, avatar: null, global_name: null },
              guilds: [],
              session_id: 'session1',
              resume_gateway_url: gatewayUrl(),
              application: { id: '777', flags: 0 },
            },
          });
        }
      }
    });
    send(socket, { op: 10, d: { heartbeat_interval: 40_000 } });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const gatewayUrl = () => `ws://127.0.0.1:${(server.address() as { port: number }).port}`;
  return {
    url: gatewayUrl(),
    received,
    /** Sends a dispatch (op 0) to every connected client. */
    dispatch(type: string, data: unknown) {
      for (const socket of sockets) send(socket, { op: 0, t: type, s: ++sequence, d: data });
    },
    connected: () => sockets.size,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

function send(socket: Duplex, message: unknown): void {
  const payload = Buffer.from(JSON.stringify(message));
  const header =
    payload.length < 126
      ? Buffer.from([0x81, payload.length])
      : payload.length < 65_536
        ? Buffer.from([0x81, 126, payload.length >> 8, payload.length & 0xff])
        : Buffer.concat([Buffer.from([0x81, 127]), bigLength(payload.length)]);
  socket.write(Buffer.concat([header, payload]));
}

function bigLength(length: number): Buffer {
  const bytes = Buffer.alloc(8);
  bytes.writeBigUInt64BE(BigInt(length));
  return bytes;
}

/** One client frame (always masked), or null when the buffer does not hold a whole one yet. */
function readFrame(buffer: Buffer): { opcode: number; payload: Buffer; length: number } | null {
  if (buffer.length < 2) return null;
  const opcode = buffer[0]! & 0x0f;
  const masked = (buffer[1]! & 0x80) !== 0;
  let length = buffer[1]! & 0x7f;
  let offset = 2;
  if (length === 126) {
    if (buffer.length < 4) return null;
    length = buffer.readUInt16BE(2);
    offset = 4;
  } else if (length === 127) {
    if (buffer.length < 10) return null;
    length = Number(buffer.readBigUInt64BE(2));
    offset = 10;
  }
  const maskLength = masked ? 4 : 0;
  if (buffer.length < offset + maskLength + length) return null;
  const mask = buffer.subarray(offset, offset + maskLength);
  const payload = Buffer.from(buffer.subarray(offset + maskLength, offset + maskLength + length));
  if (masked) for (let i = 0; i < payload.length; i++) payload[i]! ^= mask[i % 4]!;
  return { opcode, payload, length: offset + maskLength + length };
}
