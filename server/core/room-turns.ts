/**
 * Commands of one meeting take turns from the refusal budget's check to its spending: with a room
 * that awaits its store, many commands read in one network read would otherwise all pass the check
 * before the first refusal is counted. Other meetings do not wait; a failing turn does not stall the next.
 */
export class RoomTurns {
  readonly #last = new WeakMap<object, Promise<unknown>>()

  run<T> (room: object, turn: () => Promise<T>): Promise<T> {
    const previous = this.#last.get(room) ?? Promise.resolve()
    const next = previous.then(turn, turn)
    this.#last.set(room, next.catch(() => undefined))
    return next
  }
}
