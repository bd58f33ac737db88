import { Schema, model, type InferSchemaType, type Types } from 'mongoose'
import { baseSchemaOptions } from '../../db/schema-options'

/**
 * One row of the regulator's authorization table: an institution may verify these 二级目录 kinds
 * for instruments used in this division (a county, a whole city or a whole province).
 *
 * One document per (institution, division) with the kinds as an array, so "who serves county C,
 * then its city, then its province, for kind K" is one indexed query —
 * `{ regionCode: { $in: [C, city, province] }, level2Codes: K }` — answered without `$elemMatch`
 * (which FerretDB lacks), and an institution's table is replaced row by row without transactions.
 */
const authorizationSchema = new Schema(
  {
    institutionId: { type: Schema.Types.ObjectId, ref: 'Organization', required: true },
    /** GB/T 2260 code of any level. */
    regionCode: { type: String, required: true },
    /** The level of `regionCode`, for nearest-first ordering without re-reading the region table. */
    regionLevel: { type: String, enum: ['county', 'city', 'province'], required: true },
    /** Catalogue kind codes (`0101`), sorted and without repeats. */
    level2Codes: { type: [String], default: [] },
  },
  baseSchemaOptions,
)
authorizationSchema.index({ institutionId: 1, regionCode: 1 }, { unique: true })
authorizationSchema.index({ regionCode: 1, level2Codes: 1 })

export type AuthorizationDoc = InferSchemaType<typeof authorizationSchema> & { _id: Types.ObjectId }
export const Authorization = model('Authorization', authorizationSchema)
