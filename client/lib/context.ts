import { createContext } from 'svelte'
import type { I18n } from '../i18n/i18n.svelte.ts'
import type { MeetingSession } from './meeting-session.svelte.ts'

// Context, not module singletons: two meetings (or a test) can each have their own.
export const [getMeetingSession, setMeetingSession] = createContext<MeetingSession>()
export const [getI18n, setI18n] = createContext<I18n>()
