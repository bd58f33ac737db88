import { Schema, model, type InferSchemaType, type Types } from 'mongoose'
import { baseSchemaOptions } from '../../db/schema-options'

/** A 常见问题 entry, also the ground 智能问答 draws its answers from. */
const faqSchema = new Schema(
  {
    q: { type: String, required: true, unique: true },
    a: { type: String, required: true },
    tags: { type: [String], default: [] },
    /** The rule or document each answer rests on, shown with it. */
    sources: { type: [String], default: [] },
    /** Display position, ascending. */
    order: { type: Number, required: true },
    /**
     * Digest of the entry as the seed last wrote it. While the stored entry still matches it,
     * nobody edited it and a newer shipped wording may replace it; an edited entry is left alone.
     * Unset on entries created by people.
     */
    seedDigest: { type: String },
  },
  baseSchemaOptions,
)
faqSchema.index({ order: 1 })

export type FaqDoc = InferSchemaType<typeof faqSchema> & { _id: Types.ObjectId }
export const Faq = model('Faq', faqSchema)
