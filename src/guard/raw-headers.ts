/**
 * Every value of one header from Node's `rawHeaders` (`[name, value, name, value…]`), which,
 * unlike `req.headers`, keeps duplicates. Cheaper than `req.headersDistinct`, which copies all
 * headers of every request.
 */
export function rawHeaderValues(rawHeaders: readonly string[], lowerCaseName: string): string[] {
  const values: string[] = []
  const n = lowerCaseName.length
  for (let i = 0; i < rawHeaders.length; i += 2) {
    const name = rawHeaders[i]!
    if (name.length === n && name.toLowerCase() === lowerCaseName) values.push(rawHeaders[i + 1]!)
  }
  return values
}
