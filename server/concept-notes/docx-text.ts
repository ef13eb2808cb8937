import JSZip from 'jszip'
import mammoth from 'mammoth'

export type DocxText =
  | { readonly ok: true; readonly text: string }
  | { readonly ok: false; readonly reason: 'too-large' | 'unreadable' }

class InflatedTooLarge extends Error {}

/** jszip 3's `internalStream`, which its type declarations leave out. */
interface InternalStreaming {
  internalStream (type: 'uint8array'): JSZip.JSZipStreamHelper<Uint8Array>
}

/**
 * A .docx's text. Each part mammoth reads is inflated as a stream and its bytes counted as they come,
 * against one budget for the whole file: a zip bomb, or a central directory that lies about sizes, is
 * stopped at `maxInflatedBytes` instead of being believed or unpacked whole.
 */
export async function docxText (bytes: Uint8Array, maxInflatedBytes: number): Promise<DocxText> {
  let zip: JSZip
  try {
    zip = await JSZip.loadAsync(bytes)
  } catch {
    return { ok: false, reason: 'unreadable' }
  }
  let inflatedBytes = 0
  const inflate = (name: string) => new Promise<Uint8Array>((resolve, reject) => {
    const entry = zip.file(name) as InternalStreaming | null
    if (entry === null) return reject(new Error(`no part ${name}`))
    const chunks: Uint8Array[] = []
    // jszip's own stream, not its Node adapter: its chunks arrive as they inflate, before the size
    // check at the end that a lying directory trips only once everything is inflated.
    const stream = entry.internalStream('uint8array')
    stream.on('data', (chunk) => {
      inflatedBytes += chunk.length
      if (inflatedBytes <= maxInflatedBytes) return void chunks.push(chunk)
      stream.pause()
      reject(new InflatedTooLarge())
    })
    stream.on('error', reject)
    stream.on('end', () => resolve(Buffer.concat(chunks)))
    stream.resume()
  })
  // mammoth opens `{ file }` as it is: the same exists/read it would build on jszip itself.
  const file = {
    exists: (name: string) => zip.file(name) !== null,
    read: async (name: string, encoding?: string) => {
      const content = await inflate(name)
      if (encoding === undefined) return content
      return encoding === 'base64' ? Buffer.from(content).toString('base64') : new TextDecoder(encoding).decode(content)
    }
  }
  try {
    const result = await mammoth.extractRawText({ file } as unknown as { buffer: Buffer })
    return { ok: true, text: result.value }
  } catch (error) {
    return { ok: false, reason: error instanceof InflatedTooLarge ? 'too-large' : 'unreadable' }
  }
}
