import type { SchemaOptions } from 'mongoose'

/**
 * Options every collection shares: createdAt/updatedAt, a `version` counter for optimistic
 * updates (services bump it in the same conditional update they write with), no `__v`.
 */
export const baseSchemaOptions = {
  timestamps: true,
  versionKey: false,
  strict: 'throw',
} as const satisfies SchemaOptions
