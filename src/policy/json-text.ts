/**
 * A small JSON parser for policy text. `JSON.parse` silently keeps the last of two duplicate
 * keys, so `{"StringEquals": {...}, "StringEquals": {...}}` would lose a condition without a
 * word; this parser reports every duplicate key with its path instead. It is iterative (no
 * recursion, so 10,000 levels of nesting cannot overflow the stack), refuses nesting deeper than
 * `maxDepth`, runs in time linear in the text, and builds objects without a prototype, so a
 * `"__proto__"` key is an ordinary property.
 */
import type { IssueList } from './issues.js'
import type { JsonPath } from './types.js'

/** A policy needs about 6 levels (Statement → Condition → operator → key → values). */
export const MAX_JSON_DEPTH = 32

type Frame =
  | { array: true; value: unknown[] }
  | { array: false; value: Record<string, unknown>; keys: Set<string>; key: string }

class JsonSyntaxError extends Error {}

export function parseJsonText(
  text: string,
  issues: IssueList,
  maxDepth: number = MAX_JSON_DEPTH,
): { ok: true; value: unknown } | { ok: false } {
  let pos = 0
  const stack: Frame[] = []
  const path: JsonPath = []

  const fail = (what: string): never => {
    let line = 1
    let column = 1
    for (let i = 0; i < pos && i < text.length; i++) {
      if (text.charCodeAt(i) === 10) {
        line++
        column = 1
      } else column++
    }
    const found = pos >= text.length ? 'end of input' : JSON.stringify(text[pos])
    issues.add('invalid-json', path, `${what}: found ${found} at line ${line}, column ${column} (offset ${pos})`)
    throw new JsonSyntaxError()
  }

  const skipWhitespace = (): void => {
    while (pos < text.length) {
      const c = text.charCodeAt(pos)
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) pos++
      else break
    }
  }

  const readString = (): string => {
    pos++ // opening quote
    let out = ''
    let start = pos
    for (;;) {
      if (pos >= text.length) fail('Unterminated string')
      const c = text.charCodeAt(pos)
      if (c === 0x22) {
        out += text.slice(start, pos)
        pos++
        return out
      }
      if (c < 0x20) fail('Control character in string')
      if (c !== 0x5c) {
        pos++
        continue
      }
      out += text.slice(start, pos)
      const e = text[pos + 1]
      pos += 2
      switch (e) {
        case '"': out += '"'; break
        case '\\': out += '\\'; break
        case '/': out += '/'; break
        case 'b': out += '\b'; break
        case 'f': out += '\f'; break
        case 'n': out += '\n'; break
        case 'r': out += '\r'; break
        case 't': out += '\t'; break
        case 'u': {
          const hex = text.slice(pos, pos + 4)
          if (!/^[0-9A-Fa-f]{4}$/.test(hex)) fail('Invalid \\u escape')
          out += String.fromCharCode(parseInt(hex, 16))
          pos += 4
          break
        }
        default:
          pos--
          fail('Invalid escape')
      }
      start = pos
    }
  }

  const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39

  const readNumber = (): number => {
    const start = pos
    if (text.charCodeAt(pos) === 0x2d) pos++
    if (text.charCodeAt(pos) === 0x30) pos++
    else if (isDigit(text.charCodeAt(pos))) while (isDigit(text.charCodeAt(pos))) pos++
    else fail('Invalid number')
    if (text.charCodeAt(pos) === 0x2e) {
      pos++
      if (!isDigit(text.charCodeAt(pos))) fail('Invalid number')
      while (isDigit(text.charCodeAt(pos))) pos++
    }
    const e = text.charCodeAt(pos)
    if (e === 0x65 || e === 0x45) {
      pos++
      const sign = text.charCodeAt(pos)
      if (sign === 0x2b || sign === 0x2d) pos++
      if (!isDigit(text.charCodeAt(pos))) fail('Invalid number')
      while (isDigit(text.charCodeAt(pos))) pos++
    }
    return Number(text.slice(start, pos))
  }

  const readLiteral = (word: string, value: unknown): unknown => {
    if (text.startsWith(word, pos)) {
      pos += word.length
      return value
    }
    return fail('Unexpected token')
  }

  /** Reads `"key":` for the object on top of the stack; reports a duplicate key. */
  const readKey = (frame: Extract<Frame, { array: false }>): void => {
    skipWhitespace()
    if (text.charCodeAt(pos) !== 0x22) fail('Expected a property name')
    const key = readString()
    frame.key = key
    path[path.length - 1] = key
    if (frame.keys.has(key)) {
      issues.add('duplicate-element', path, `Duplicate key ${JSON.stringify(key)}: JSON keeps only one of them`)
    }
    frame.keys.add(key)
    skipWhitespace()
    if (text.charCodeAt(pos) !== 0x3a) fail('Expected ":"')
    pos++
  }

  const open = (frame: Frame): void => {
    if (stack.length >= maxDepth) {
      issues.add('too-deep', path, `Nesting deeper than ${maxDepth} levels is not accepted`)
      throw new JsonSyntaxError()
    }
    stack.push(frame)
    path.push(frame.array ? 0 : '')
    pos++
  }

  try {
    let result: unknown
    let done = false
    while (!done) {
      // Read one value; containers push a frame and loop back for their first member.
      skipWhitespace()
      const c = text.charCodeAt(pos)
      let value: unknown
      let complete = true
      if (c === 0x7b) {
        const frame = { array: false as const, value: Object.create(null) as Record<string, unknown>, keys: new Set<string>(), key: '' }
        open(frame)
        skipWhitespace()
        if (text.charCodeAt(pos) === 0x7d) {
          pos++
          stack.pop()
          path.pop()
          value = frame.value
        } else {
          readKey(frame)
          complete = false
        }
      } else if (c === 0x5b) {
        const frame = { array: true as const, value: [] as unknown[] }
        open(frame)
        skipWhitespace()
        if (text.charCodeAt(pos) === 0x5d) {
          pos++
          stack.pop()
          path.pop()
          value = frame.value
        } else complete = false
      } else if (c === 0x22) value = readString()
      else if (c === 0x2d || isDigit(c)) value = readNumber()
      else if (c === 0x74) value = readLiteral('true', true)
      else if (c === 0x66) value = readLiteral('false', false)
      else if (c === 0x6e) value = readLiteral('null', null)
      else fail('Expected a value')
      if (!complete) continue

      // Attach the value to its container; close containers that end here.
      for (;;) {
        const top = stack[stack.length - 1]
        if (top === undefined) {
          result = value
          done = true
          break
        }
        if (top.array) top.value.push(value)
        else top.value[top.key] = value // null-prototype object: `__proto__` is plain data
        skipWhitespace()
        const next = text.charCodeAt(pos)
        if (next === 0x2c) {
          pos++
          if (top.array) path[path.length - 1] = top.value.length
          else readKey(top)
          break
        }
        if (next === (top.array ? 0x5d : 0x7d)) {
          pos++
          stack.pop()
          path.pop()
          value = top.value
          continue
        }
        fail(top.array ? 'Expected "," or "]"' : 'Expected "," or "}"')
      }
    }
    skipWhitespace()
    if (pos < text.length) fail('Unexpected text after the document')
    return { ok: true, value: result }
  } catch (error) {
    if (error instanceof JsonSyntaxError) return { ok: false }
    throw error
  }
}
