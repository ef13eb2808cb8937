import type { Store } from '../../server/store/store.ts'

/**
 * `store` with some of its methods replaced (a store that fails or waits on demand); every other
 * method is the store's own.
 */
export function withOverrides<S extends Store> (store: S, overrides: Partial<Store>): Store {
  return new Proxy(store, {
    get (target, property) {
      if (Object.hasOwn(overrides, property)) return overrides[property as keyof Store]
      const value: unknown = Reflect.get(target, property, target)
      return typeof value === 'function' ? value.bind(target) : value
    }
  })
}
