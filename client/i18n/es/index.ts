// The messages every page needs; common's keys sit at the top level. The chair's, the setup's and
// the report's areas load with their views (catalogues.ts).
import common from './common.json'
import delegation from './delegation.json'
import notes from './notes.json'
import screen from './screen.json'

export default { ...common, delegation, notes, screen }
