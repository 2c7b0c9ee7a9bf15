import { z } from 'zod'

/** The display-settings form (one setting per submit). */
export const PreferencesForm = z.object({
  lang: z.enum(['ko', 'en']).optional(),
  textSize: z.enum(['100', '125', '150', '200']).optional(),
  contrast: z.enum(['normal', 'high']).optional(),
  back: z.string().max(500).optional(),
})

export const HelpTodayQuery = z.object({
  district: z
    .string()
    .regex(/^\d{5}$/)
    .optional(),
})
