/** Helpers to write TypeScript source text. */

export function docComment(doc: string | undefined, indent = ''): string {
  return doc === undefined ? '' : `${indent}/** ${doc.replace(/\s+/g, ' ').replace(/\*\//g, '*\\/')} */\n`;
}

/** A single-quoted TypeScript string literal. */
export function quote(value: string): string {
  return `'${JSON.stringify(value).slice(1, -1).replace(/\\"/g, '"').replace(/'/g, "\\'")}'`;
}

export function pascalCase(words: string): string {
  return words
    .split(/[^A-Za-z0-9]+/)
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join('');
}
