export * from './control.ts'
export * from './notes.ts'
