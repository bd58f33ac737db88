import { Types, type Model } from 'mongoose'

/**
 * Lookups by id written the one way FerretDB answers without reading the whole collection: a
 * filter of `_id` alone. (`{ _id, orgId }` or `{ _id: { $in } }` scan every document.) On
 * MongoDB these are ordinary indexed reads.
 */

const asId = (id: Types.ObjectId | string) => (typeof id === 'string' ? new Types.ObjectId(id) : id)

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function byId<T>(model: Model<any>, id: Types.ObjectId | string, projection?: Record<string, 0 | 1>): Promise<T | null> {
  return (await model.findById(asId(id), projection).lean()) as T | null
}

/** The records with these ids, in the order asked; missing ones are left out. */
export async function byIds<T>(
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  model: Model<any>,
  ids: (Types.ObjectId | string)[],
  projection?: Record<string, 0 | 1>,
): Promise<T[]> {
  const unique = [...new Set(ids.map(String))]
  const found = await Promise.all(unique.map((id) => byId<T>(model, id, projection)))
  return found.filter((r): r is Awaited<T> & T => r !== null)
}

/**
 * A record by id only if it belongs to `owner` (in `field`, `orgId` unless said): another
 * organization's record comes back as null, exactly like a missing one.
 */
export async function ownedById<T extends object>(
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  model: Model<any>,
  owner: Types.ObjectId,
  id: Types.ObjectId | string,
  field = 'orgId',
): Promise<T | null> {
  const doc = await byId<T>(model, id)
  const value = doc ? (doc as Record<string, unknown>)[field] : null
  return value instanceof Types.ObjectId && value.equals(owner) ? doc : null
}
