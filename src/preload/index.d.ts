import type { ProcLabApi } from '../shared/api'

declare global {
  interface Window {
    proclab: ProcLabApi
  }
}
