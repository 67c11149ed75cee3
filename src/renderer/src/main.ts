import { createApp } from 'vue'
import { createPinia } from 'pinia'
import 'uplot/dist/uPlot.min.css'
import './styles/base.css'
import App from './App.vue'
import { installApi } from './api/ws-client'
import { vLiveOnly } from './components/replay/live-only'
import { i18n, t } from './i18n'

const app = createApp(App).use(createPinia()).use(i18n).directive('live-only', vLiveOnly)
installApi().then(
  () => app.mount('#app'),
  (err: Error) => {
    document.body.textContent = t('ui.status.noToken', { error: err.message })
  },
)
