import { createHash } from 'node:crypto'
import { Types } from 'mongoose'

/**
 * The same ObjectId for the same key, every time: a record written under it by a re-run (after a
 * crash, a retry) collides with the first instead of being written twice.
 */
export function idFromKey(key: string): Types.ObjectId {
  return new Types.ObjectId(createHash('sha1').update(key).digest('hex').slice(0, 24))
}
