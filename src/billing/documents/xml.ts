/**
 * The few lines of XML writing the UBL renderer needs: elements are built as strings with every text and
 * attribute escaped here, so no caller ever concatenates raw values into markup. Absent (undefined) children are
 * dropped, and an element left without content is dropped too — Peppol forbids empty elements (R008).
 */
export type Node = string | undefined | false;

const TEXT_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

export function escapeXml(value: string): string {
  // Characters XML 1.0 cannot carry at all (control characters other than tab, newline, return) are removed.
  return value.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '').replace(/[&<>"']/g, (c) => TEXT_ESCAPES[c]!);
}

/** An element with text content; `undefined` or blank text gives no element. */
export function leaf(name: string, value: string | number | undefined, attrs: Record<string, string> = {}): Node {
  if (value === undefined) return undefined;
  const text = String(value).trim();
  if (text === '') return undefined;
  return `<${name}${attributes(attrs)}>${escapeXml(text)}</${name}>`;
}

/** An element holding other elements; with no child present it is left out. */
export function branch(name: string, children: Node[], attrs: Record<string, string> = {}): Node {
  const present = children.filter((c): c is string => typeof c === 'string' && c !== '');
  if (present.length === 0) return undefined;
  return `<${name}${attributes(attrs)}>${present.join('')}</${name}>`;
}

function attributes(attrs: Record<string, string>): string {
  return Object.entries(attrs)
    .map(([k, v]) => ` ${k}="${escapeXml(v)}"`)
    .join('');
}
