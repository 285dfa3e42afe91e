/**
 * Replaces a file so that readers (and a crash) see either the old or the new content, never a
 * mix: write a temporary file in the same directory, flush it to disk, rename it over the target.
 */
import { randomBytes } from 'node:crypto'
import { mkdir, open, rename, stat, unlink } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'

/** New files are private to the owner: the store holds password hashes and MFA secrets. */
const NEW_FILE_MODE = 0o600

export async function writeFileAtomic(path: string, text: string): Promise<void> {
  const directory = dirname(path)
  await mkdir(directory, { recursive: true })
  const mode = await stat(path).then((info) => info.mode & 0o777, () => NEW_FILE_MODE)
  const temporary = join(directory, `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`)
  const handle = await open(temporary, 'wx', mode)
  try {
    try {
      await handle.writeFile(text, 'utf8')
      await handle.sync()
    } finally {
      await handle.close()
    }
    await rename(temporary, path)
  } catch (error) {
    await unlink(temporary).catch(() => {})
    throw error
  }
  await syncDirectory(directory)
}

/** Makes the rename itself durable; not every platform lets a directory be opened, hence best effort. */
async function syncDirectory(directory: string): Promise<void> {
  try {
    const handle = await open(directory, 'r')
    try {
      await handle.sync()
    } finally {
      await handle.close()
    }
  } catch {
    // Durability of the rename is best effort; the content itself is already synced.
  }
}
