import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readFile, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { dirname, join, normalize } from 'node:path';
import { pipeline } from 'node:stream/promises';

// The Node.js ceiling: a bare node:http server with no parsing, authentication or
// metadata. GET sends files of up to 1 MiB from memory and streams larger ones; PUT
// streams the body to a file without fsync, as nginx does. Arguments: ROOT PORT.

const [root, portText] = process.argv.slice(2);
if (root === undefined || portText === undefined) throw new Error('usage: node-http-server ROOT PORT');
const smallFileBytes = 1024 * 1024;
const cache = new Map<string, Buffer>();

const server = createServer({ keepAliveTimeout: 65_000 }, (req, res) => {
  handle(req, res).catch((error: unknown) => {
    res.statusCode = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 404 : 500;
    res.end();
  });
});
server.listen(Number(portText), '127.0.0.1');
process.on('SIGTERM', () => server.close(() => process.exit(0)));

async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const path = join(root!, normalize(decodeURIComponent((req.url ?? '/').split('?')[0]!)));
  if (req.method === 'PUT') {
    await mkdir(dirname(path), { recursive: true });
    await pipeline(req, createWriteStream(path));
    cache.delete(path);
    res.statusCode = 201;
    res.end();
    return;
  }
  const cached = cache.get(path);
  if (cached !== undefined) {
    res.setHeader('Content-Length', cached.length);
    res.end(req.method === 'HEAD' ? undefined : cached);
    return;
  }
  const info = await stat(path);
  res.setHeader('Content-Length', info.size);
  if (req.method === 'HEAD') {
    res.end();
  } else if (info.size <= smallFileBytes) {
    const data = await readFile(path);
    cache.set(path, data);
    res.end(data);
  } else {
    await pipeline(createReadStream(path, { highWaterMark: 1024 * 1024 }), res);
  }
}
