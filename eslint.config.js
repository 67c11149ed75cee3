import pluginVue from 'eslint-plugin-vue'
import layers from './eslint/layers.js'
import osDoor from './eslint/os-door.js'
import { defineConfigWithVueTs, vueTsConfigs } from '@vue/eslint-config-typescript'

export default defineConfigWithVueTs(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', '.tmp/**'] },
  pluginVue.configs['flat/recommended'],
  vueTsConfigs.recommended,
  {
    rules: {
      // Prettier owns layout.
      'vue/max-attributes-per-line': 'off',
      'vue/singleline-html-element-content-newline': 'off',
      'vue/html-self-closing': 'off',
      'vue/html-indent': 'off',
      'vue/html-closing-bracket-newline': 'off',
      'vue/multiline-html-element-content-newline': 'off',
      'vue/multi-word-component-names': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // The layers (ARCHITECTURE.md, eslint/layers.js): which process runs a
    // file decides what it may import.
    files: ['src/**/*.{ts,vue}'],
    plugins: { layers },
    rules: { 'layers/imports': 'error' },
  },
  {
    // One door to the OS (eslint/os-door.js): no /proc path and no test of the
    // system outside the platform layer. Not checked:
    // - src/core/platform/: the door itself.
    // - src/main/: the Electron shell, whose menus and windows differ per system.
    // - src/child/measure.ts, src/child/native.ts: the door of scenario
    //   processes, which cannot import the core (the layer rule): how a child
    //   measures itself (/proc on Linux) and which C library it loads.
    // - test/, e2e/, scripts/, bench/ (outside src/): they check what ProcLab
    //   shows against the OS's own figures, which are per system by nature, and
    //   choose per-system expectations; test/helpers/capability.ts guards them.
    files: ['src/**/*.{ts,vue}'],
    ignores: ['src/core/platform/**', 'src/main/**', 'src/child/measure.ts', 'src/child/native.ts'],
    plugins: { 'os-door': osDoor },
    rules: { 'os-door/one-door': 'error' },
  },
)
