// thread-local: per-thread values, and what a shared slot does instead.
export interface LocalRow {
  readonly who: string
  readonly bound: string
  readonly seen: string
}

export interface LocalVariant {
  readonly id: 'worker-global' | 'async-local-storage' | 'shared-memory' | 'shared-global'
  readonly where: string
  readonly rows: readonly LocalRow[]
}

export interface LocalResult {
  readonly variants: readonly LocalVariant[]
}
