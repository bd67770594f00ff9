import net from 'node:net';

/** A port the OS reports free right now on `host`; another process could still take it before use. */
export async function findFreePort(host = '127.0.0.1'): Promise<number> {
  const server = await listen(0, host);
  const address = server.address();
  await close(server);
  if (address && typeof address === 'object') return address.port;
  throw new Error('could not determine a free port');
}

export async function isPortFree(port: number, host = '127.0.0.1'): Promise<boolean> {
  try {
    await close(await listen(port, host));
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') return false;
    throw error;
  }
}

function listen(port: number, host: string): Promise<net.Server> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', reject);
    server.listen({ port, host, exclusive: true }, () => resolve(server));
  });
}

function close(server: net.Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}
