/**
 * Reads the flat XML WeChat pushes to an official account (`<xml><ToUserName><![CDATA[…]]>…</xml>`):
 * each child element's text, CDATA or plain. Nothing else of XML (attributes, entities, nesting,
 * DTDs) is understood, so nothing in a push can make the parser fetch or expand anything.
 */
export function parseWechatXml(text: string): Record<string, string> | null {
  const root = /^\s*(?:<\?xml[^>]*\?>\s*)?<xml>([\s\S]*)<\/xml>\s*$/.exec(text)
  if (!root) return null
  const fields: Record<string, string> = {}
  const element = /<([A-Za-z][\w]*)>(?:<!\[CDATA\[([\s\S]*?)\]\]>|([^<]*))<\/\1>/g
  for (const match of root[1]!.matchAll(element)) {
    fields[match[1]!] = match[2] ?? decodeBasicEntities(match[3] ?? '')
  }
  return fields
}

function decodeBasicEntities(text: string): string {
  return text.replace(/&(lt|gt|amp|quot|apos);/g, (_m, name: string) => ({ lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" })[name] as string)
}
