// A list of messages as one message, for a summary that names several parts
// ("threads → 102%; processes → 198%"): each scenario's catalog has a `list`
// text ("{head}; {tail}", "{head}；{tail}") that joins two, nested.
import type { Msg } from '../../shared/msg'

export function joinMsgs(parts: readonly Msg[], list: Msg): Msg | string {
  if (parts.length === 0) return ''
  let out = parts[parts.length - 1]
  for (let i = parts.length - 2; i >= 0; i--) out = { key: list.key, params: { head: parts[i], tail: out } }
  return out
}
