import { Schema, model, type Types } from 'mongoose'
import { CATALOGUE_MODES, type CatalogueMode, type UsageLimitMonths } from '@qjt/shared'
import { baseSchemaOptions } from '../../db/schema-options'

/** How confident the sources made us of an item (from the catalogue file, kept as given). */
export const CATALOGUE_CONFIDENCE = ['high', 'medium', 'low'] as const
export type CatalogueConfidence = (typeof CATALOGUE_CONFIDENCE)[number]

/**
 * Who wrote an item last. The seed refreshes only what it wrote itself, so an administrator's
 * import (`npm run admin -- load-catalogue`) is never overwritten by a later start or re-seed.
 */
export const CATALOGUE_ORIGINS = ['seed', 'import'] as const
export type CatalogueOrigin = (typeof CATALOGUE_ORIGINS)[number]

/** Null when no source confirmed it. */
export type UsageLimit = UsageLimitMonths

/** A 二级目录 (kind) inside its 一级目录. */
const kindSchema = new Schema(
  {
    /** This project's own stable code (`0101`), referenced by ledger rows and authorizations. */
    code: { type: String, required: true },
    name: { type: String, required: true },
    /** False where no source named the 二级目录 and it repeats the 一级 name. */
    nameConfirmed: { type: Boolean, required: true },
    /** Null = not confirmed by any source; the institution then decides on the certificate. */
    mode: { type: String, enum: [...CATALOGUE_MODES, null], default: null },
    periodMonths: { type: Number, default: null },
    usageLimitMonths: { type: Schema.Types.Mixed, default: null },
    regulations: { type: [String], default: [] },
    examples: { type: [String], default: [] },
  },
  { _id: false },
)

/**
 * One 一级目录 of 《实施强制管理的计量器具目录》 with its kinds. The catalogue is data: seeded from
 * the shipped file and replaceable by an import, with the evidence (confidence, sources, notes)
 * kept beside every value so nobody mistakes a partial table for the official one.
 */
const catalogueItemSchema = new Schema(
  {
    code: { type: String, required: true, unique: true },
    name: { type: String, required: true },
    /** 监管方式, e.g. 型式批准、强制检定. */
    supervision: { type: String, default: null },
    /** 强制检定范围 (the purposes and limits under which verification is mandatory). */
    scope: { type: String, default: null },
    confidence: { type: String, enum: [...CATALOGUE_CONFIDENCE, null], default: null },
    sources: { type: [String], default: [] },
    notes: { type: String, default: null },
    children: { type: [kindSchema], default: [] },
    origin: { type: String, enum: CATALOGUE_ORIGINS, required: true },
  },
  baseSchemaOptions,
)
// Kind codes are unique across items; the loader checks it (FerretDB does not enforce a unique
// index over array elements), this index serves look-ups by kind.
catalogueItemSchema.index({ 'children.code': 1 })

/** The stored kind, typed (the schema's Mixed field infers as `any`). */
export interface CatalogueKindDoc {
  code: string
  name: string
  nameConfirmed: boolean
  mode: CatalogueMode | null
  periodMonths: number | null
  usageLimitMonths: UsageLimit
  regulations: string[]
  examples: string[]
}

export interface CatalogueItemDoc {
  _id: Types.ObjectId
  code: string
  name: string
  supervision: string | null
  scope: string | null
  confidence: CatalogueConfidence | null
  sources: string[]
  notes: string | null
  children: CatalogueKindDoc[]
  origin: CatalogueOrigin
  createdAt: Date
  updatedAt: Date
}

export const CatalogueItem = model('CatalogueItem', catalogueItemSchema)

/**
 * What the catalogue as a whole says about itself: its title, whether it is complete, and why
 * not. One document (`key: 'catalogue'`), written with the items.
 */
const catalogueMetaSchema = new Schema(
  {
    key: { type: String, required: true, unique: true },
    title: { type: String, required: true },
    complete: { type: Boolean, required: true },
    about: { type: String, default: null },
    /** The four purposes that make a listed instrument subject to mandatory verification. */
    purposes: { type: [String], default: [] },
    origin: { type: String, enum: CATALOGUE_ORIGINS, required: true },
  },
  baseSchemaOptions,
)

export interface CatalogueMetaDoc {
  _id: Types.ObjectId
  key: string
  title: string
  complete: boolean
  about: string | null
  purposes: string[]
  origin: CatalogueOrigin
  createdAt: Date
  updatedAt: Date
}

export const CATALOGUE_META_KEY = 'catalogue'
export const CatalogueMeta = model('CatalogueMeta', catalogueMetaSchema)
