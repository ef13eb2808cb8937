// One catalogue file per area of the app and language, so each view's strings live beside each other and
// can be edited without touching the rest. Keys are the area then the path: "chair.callNext"; common's
// keys sit at the top level. A new area is one import and one line per language.
import arChair from './ar/chair.json'
import arCommon from './ar/common.json'
import arDelegation from './ar/delegation.json'
import arNotes from './ar/notes.json'
import arReport from './ar/report.json'
import arScreen from './ar/screen.json'
import arSetup from './ar/setup.json'
import enChair from './en/chair.json'
import enCommon from './en/common.json'
import enDelegation from './en/delegation.json'
import enNotes from './en/notes.json'
import enReport from './en/report.json'
import enScreen from './en/screen.json'
import enSetup from './en/setup.json'
import esChair from './es/chair.json'
import esCommon from './es/common.json'
import esDelegation from './es/delegation.json'
import esNotes from './es/notes.json'
import esReport from './es/report.json'
import esScreen from './es/screen.json'
import esSetup from './es/setup.json'
import frChair from './fr/chair.json'
import frCommon from './fr/common.json'
import frDelegation from './fr/delegation.json'
import frNotes from './fr/notes.json'
import frReport from './fr/report.json'
import frScreen from './fr/screen.json'
import frSetup from './fr/setup.json'
import ruChair from './ru/chair.json'
import ruCommon from './ru/common.json'
import ruDelegation from './ru/delegation.json'
import ruNotes from './ru/notes.json'
import ruReport from './ru/report.json'
import ruScreen from './ru/screen.json'
import ruSetup from './ru/setup.json'
import zhChair from './zh/chair.json'
import zhCommon from './zh/common.json'
import zhDelegation from './zh/delegation.json'
import zhNotes from './zh/notes.json'
import zhReport from './zh/report.json'
import zhScreen from './zh/screen.json'
import zhSetup from './zh/setup.json'

export const en = {
  ...enCommon,
  chair: enChair,
  delegation: enDelegation,
  notes: enNotes,
  report: enReport,
  screen: enScreen,
  setup: enSetup,
}

export const ar = {
  ...arCommon,
  chair: arChair,
  delegation: arDelegation,
  notes: arNotes,
  report: arReport,
  screen: arScreen,
  setup: arSetup,
}

export const zh = {
  ...zhCommon,
  chair: zhChair,
  delegation: zhDelegation,
  notes: zhNotes,
  report: zhReport,
  screen: zhScreen,
  setup: zhSetup,
}

export const fr = {
  ...frCommon,
  chair: frChair,
  delegation: frDelegation,
  notes: frNotes,
  report: frReport,
  screen: frScreen,
  setup: frSetup,
}

export const ru = {
  ...ruCommon,
  chair: ruChair,
  delegation: ruDelegation,
  notes: ruNotes,
  report: ruReport,
  screen: ruScreen,
  setup: ruSetup,
}

export const es = {
  ...esCommon,
  chair: esChair,
  delegation: esDelegation,
  notes: esNotes,
  report: esReport,
  screen: esScreen,
  setup: esSetup,
}

/** Every language's catalogue, in the order of the UN's official languages (alphabetical in English). */
export const catalogues = { ar, zh, en, fr, ru, es } as const
