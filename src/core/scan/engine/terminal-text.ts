/**
 * Text from the scanned tree (file names, commit authors, a custom rule's title) printed on a
 * terminal, quoted the way git's `core.quotePath` quotes paths: a string holding a C0 or C1
 * control character, DEL, a double quote or a backslash is shown in double quotes with C
 * escapes (`\n`, `\t`, `\033`, `\302\233` for C1), so `ESC]0;…BEL`, `ESC[2K` or a newline in
 * a name cannot rewrite or erase the lines around it. Other text (UTF-8 included) is shown
 * as is. JSON and SARIF escape on their own.
 */
export function quoteForTerminal(text: string): string {
  if (!NEEDS_QUOTING.test(text)) return text
  let out = '"'
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0
    const named = NAMED[ch]
    if (named) out += named
    else if (code < 0x20 || code === 0x7f) out += `\\${code.toString(8).padStart(3, '0')}`
    else if (code >= 0x80 && code <= 0x9f)
      // git shows the UTF-8 bytes of a C1 control in octal: U+009B is \302\233.
      out += [...Buffer.from(ch, 'utf8')].map((b) => `\\${b.toString(8)}`).join('')
    else out += ch
  }
  return `${out}"`
}

// eslint-disable-next-line no-control-regex -- the point is to find control characters
const NEEDS_QUOTING = /[\u0000-\u001f\u007f-\u009f"\\]/

const NAMED: Record<string, string> = {
  '\u0007': '\\a',
  '\b': '\\b',
  '\t': '\\t',
  '\n': '\\n',
  '\u000b': '\\v',
  '\f': '\\f',
  '\r': '\\r',
  '"': '\\"',
  '\\': '\\\\',
}
