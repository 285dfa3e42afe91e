/**
 * Case folding one UTF-16 code unit at a time, so that case-insensitive comparison needs no
 * allocation and never changes a string's length (which the wildcard matcher relies on).
 * Mirrors the usual "equalsIgnoreCase" rule: upper-case, then lower-case, per character.
 */
const cache = new Map<number, number>()

export function foldCode(code: number): number {
  if (code < 128) return code >= 65 && code <= 90 ? code + 32 : code
  let folded = cache.get(code)
  if (folded === undefined) {
    const ch = String.fromCharCode(code)
    const upper = ch.toUpperCase()
    const lower = (upper.length === 1 ? upper : ch).toLowerCase()
    folded = lower.length === 1 ? lower.charCodeAt(0) : code
    // The cache is bounded: request text can hold any character.
    if (cache.size < 4096) cache.set(code, folded)
  }
  return folded
}

/** Folds a whole string (compile time, or a value that is then kept). */
export function foldString(text: string): string {
  let out = ''
  for (let i = 0; i < text.length; i++) out += String.fromCharCode(foldCode(text.charCodeAt(i)))
  return out
}

/** `value` compared with an already folded `folded`, without allocating. */
export function equalsFolded(value: string, folded: string): boolean {
  if (value.length !== folded.length) return false
  for (let i = 0; i < value.length; i++) {
    if (foldCode(value.charCodeAt(i)) !== folded.charCodeAt(i)) return false
  }
  return true
}
