import { mount } from 'svelte'
import App from './App.svelte'
import { loadClientConfig } from './config.ts'
import { I18n } from './i18n/i18n.svelte.ts'
import { pickLanguage, readRememberedLanguage, rememberLanguage, supportedLanguage } from './i18n/language.ts'
import './styles.css'

const config = loadClientConfig(location.origin)
const query = supportedLanguage(new URLSearchParams(location.search).get('lang'))
// Only a choice is remembered, never a guess from the browser's preferences.
if (query !== null) rememberLanguage(localStorage, query)
const language = pickLanguage({ query, stored: readRememberedLanguage(localStorage), preferred: navigator.languages })
const i18n = await I18n.create(language, {
  root: document.documentElement,
  onChange: (next) => rememberLanguage(localStorage, next)
})

const target = document.getElementById('app')
if (target === null) throw new Error('index.html has no #app element')
mount(App, { target, props: { config, i18n } })
