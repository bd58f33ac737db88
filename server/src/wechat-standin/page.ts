import type { OaFollower, ReceivedMessage } from './state'

const KIND_LABEL: Record<ReceivedMessage['kind'], string> = {
  subscribe: '小程序订阅消息',
  template: '公众号模板消息',
}

const escape = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string)

const timeFormat = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hour12: false,
})

function card(m: ReceivedMessage): string {
  const rows = Object.entries(m.data)
    .map(([key, { value }]) => `<tr><th>${escape(key)}</th><td>${escape(value)}</td></tr>`)
    .join('')
  return `<article>
  <header><span class="kind ${m.kind}">${KIND_LABEL[m.kind]}</span>
  <time datetime="${escape(m.receivedAt)}">${escape(timeFormat.format(new Date(m.receivedAt)))}</time></header>
  <dl>
    <dt>渠道</dt><dd>${KIND_LABEL[m.kind]}（${escape(m.appid)}）</dd>
    <dt>接收人</dt><dd>${escape(m.touser)}</dd>
    <dt>模板</dt><dd>${escape(m.templateId)}</dd>
    <dt>跳转</dt><dd>${m.page ? escape(m.page) : '（无）'}</dd>${
      m.clientMsgId
        ? `
    <dt>去重</dt><dd>client_msg_id ${escape(m.clientMsgId)}${m.duplicates > 0 ? `，又收到 ${m.duplicates} 次相同请求（未重复送达）` : ''}</dd>`
        : ''
    }
  </dl>
  <table>${rows}</table>
</article>`
}

function followerList(followers: readonly OaFollower[]): string {
  if (followers.length === 0) return ''
  const rows = followers
    .map((f) => `<tr><td>${escape(f.openid)}</td><td>${escape(f.unionid)}</td><td>${f.subscribed ? '已关注' : '已取消关注'}</td></tr>`)
    .join('')
  return `<details><summary>公众号关注者（${followers.length}）</summary>
<table><tr><th>公众号 openid</th><th>unionid</th><th>状态</th></tr>${rows}</table></details>`
}

/**
 * The page a developer keeps open (on a computer or phone) to see what WeChat would have delivered:
 * newest first, each with its channel (mini-program subscribe message or official-account template
 * message), reloading itself every few seconds.
 */
export function renderPage(messages: readonly ReceivedMessage[], followers: readonly OaFollower[] = []): string {
  const list = [...messages].reverse()
  const byKind = (kind: ReceivedMessage['kind']) => list.filter((m) => m.kind === kind).length
  const body = list.length === 0 ? '<p class="empty">还没有收到消息。发送的订阅消息和模板消息会出现在这里。</p>' : list.map(card).join('\n')
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="refresh" content="5">
<title>微信消息（本地替身）</title>
<style>
  body { margin: 0; padding: 16px; font: 15px/1.6 -apple-system, "PingFang SC", "Microsoft YaHei", sans-serif;
    background: #f5f6f7; color: #222; }
  h1 { font-size: 18px; margin: 0 0 4px; }
  .hint { color: #777; font-size: 13px; margin: 0 0 16px; }
  article { background: #fff; border-radius: 8px; padding: 12px 14px; margin: 0 0 12px;
    box-shadow: 0 1px 2px rgba(0,0,0,.06); max-width: 640px; }
  header { display: flex; justify-content: space-between; gap: 8px; flex-wrap: wrap; margin-bottom: 6px; }
  .kind { font-weight: 600; color: #07c160; } .kind.template { color: #576b95; }
  time { color: #888; font-size: 13px; }
  dl { display: grid; grid-template-columns: 4em 1fr; margin: 0 0 8px; }
  dt { color: #888; } dd { margin: 0; word-break: break-all; }
  table { border-collapse: collapse; width: 100%; }
  th, td { text-align: left; padding: 4px 6px; border-top: 1px solid #eee; vertical-align: top; }
  th { color: #888; font-weight: normal; width: 9em; word-break: break-all; } td { word-break: break-all; }
  .empty { color: #888; }
  details { max-width: 640px; margin: 0 0 12px; background: #fff; border-radius: 8px; padding: 8px 14px; }
  summary { cursor: pointer; color: #576b95; }
</style>
</head>
<body>
<h1>微信消息（本地替身）</h1>
<p class="hint">共 ${list.length} 条（${KIND_LABEL.subscribe} ${byKind('subscribe')}，${KIND_LABEL.template} ${byKind('template')}），最新的在前；页面每 5 秒刷新。JSON：<a href="/__standin/messages">/__standin/messages</a></p>
${followerList(followers)}
${body}
</body>
</html>
`
}
