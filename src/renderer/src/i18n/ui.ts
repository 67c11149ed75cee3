// The dashboard's own strings (menus, headers, buttons, columns, empty
// states), in English and 简体中文, same keys in both. Messages from the core
// (scenarios, checks, outcomes) are in src/shared/i18n; i18n/index.ts merges both.
import type { Bilingual, SameShape } from '../../../shared/msg'

const en = {
  language: {
    label: 'Language',
    en: 'English',
    zh: '中文',
  },
} as const

const zh: SameShape<typeof en> = {
  language: {
    label: '语言',
    en: 'English',
    zh: '中文',
  },
}

export const ui: Bilingual<typeof en> = { en, zh }
