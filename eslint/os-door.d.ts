// Types for the test that runs the rule (test/lint-os-door.test.ts).
import type { Rule } from 'eslint'

declare const plugin: { rules: { 'one-door': Rule.RuleModule } }
export default plugin
