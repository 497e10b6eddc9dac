import { randomBytes } from 'node:crypto';
import { constants as fsConstants } from 'node:fs';
import { link, open, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';

/**
 * Creates `path` with `content` unless it exists, and returns false when it did. Several
 * nodes sharing a data directory may start at once, and a reader must never see the file
 * half written. So the content goes to a private temporary file first and is fsynced.
 * Then `link` makes it appear under `path`, and fails with EEXIST when another process
 * got there first, as `O_EXCL` would (`link` is atomic on NFS too).
 */
export async function createFileExclusive(path: string, content: string | Buffer, mode: number): Promise<boolean> {
  const temporary = join(dirname(path), `.${randomBytes(8).toString('hex')}.creating`);
  const handle = await open(temporary, fsConstants.O_WRONLY | fsConstants.O_CREAT | fsConstants.O_EXCL, mode);
  try {
    try {
      await handle.writeFile(content);
      await handle.chmod(mode);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await link(temporary, path);
    await syncDirectory(dirname(path));
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    await rm(temporary, { force: true });
  }
}

async function syncDirectory(path: string): Promise<void> {
  const handle = await open(path, fsConstants.O_RDONLY);
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
