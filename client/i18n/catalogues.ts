// One catalogue file per area of the app, so each view's strings live beside each other and can be
// edited without touching the rest. Keys are the area then the path: "chair.callNext".
import arChair from './ar/chair.json'
import arCommon from './ar/common.json'
import arDelegation from './ar/delegation.json'
import arNotes from './ar/notes.json'
import arReport from './ar/report.json'
import arScreen from './ar/screen.json'
import enChair from './en/chair.json'
import enCommon from './en/common.json'
import enDelegation from './en/delegation.json'
import enNotes from './en/notes.json'
import enReport from './en/report.json'
import enScreen from './en/screen.json'

export const en = { ...enCommon, chair: enChair, delegation: enDelegation, notes: enNotes, report: enReport, screen: enScreen }
export const ar = { ...arCommon, chair: arChair, delegation: arDelegation, notes: arNotes, report: arReport, screen: arScreen }
