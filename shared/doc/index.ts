export * from './control.ts'
export * from './notes.ts'
export * from './notes-projection.ts'
