import type { PropsWithChildren } from 'react'
import { startPrivacyGate } from './stores/privacy'
import { watchForUpdates } from './utils/appUpdate'
import './app.css'
import './styles/controls.css'
import './styles/blocks.css'

startPrivacyGate()
watchForUpdates()

/** The app shell; pages render as children. */
function App({ children }: PropsWithChildren) {
  return children
}

export default App
