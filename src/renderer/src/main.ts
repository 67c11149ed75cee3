import { createApp } from 'vue'
import { createPinia } from 'pinia'
import 'uplot/dist/uPlot.min.css'
import './styles/base.css'
import App from './App.vue'
import { installApi } from './api/ws-client'
import { vLiveOnly } from './components/replay/live-only'
import { i18n } from './i18n'

const app = createApp(App).use(createPinia()).use(i18n).directive('live-only', vLiveOnly)
installApi().then(
  () => app.mount('#app'),
  (err: Error) => {
    document.body.textContent = `ProcLab: ${err.message}. Open the URL the web host printed (it carries the token).`
  },
)
