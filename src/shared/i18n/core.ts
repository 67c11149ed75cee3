// Messages the core itself says of any run (not of one scenario): a run cut
// short, Python missing, a check not run. Same shape in both languages.
import { messages, type Bilingual, type SameShape } from '../msg'

const en = {
  option: {
    language: {
      label: 'Language',
      help: "Python runs the tutorial's kind of program (ProcLab's own, standard library only); Node.js runs ProcLab's analogue.",
      choice: {
        python: 'Python (as in the tutorial)',
        node: 'Node.js (ProcLab analogue)',
      },
    },
  },
  run: {
    stoppedBefore: 'Stopped before {before}.',
  },
  python: {
    notOnPath: 'python3 is not on PATH',
    appleStub:
      'python3 here is Apple\'s stub, which would open the "install developer tools" dialog: install Python 3 (python.org or Homebrew) or the Command Line Tools',
    windowsMissing: 'Python 3 is not installed (no py launcher, and no python.exe on PATH outside the Store alias)',
    howToGet:
      'Install Python 3 (Debian/Ubuntu: sudo apt-get install python3; macOS: brew install python or python.org; Windows: python.org, then restart ProcLab).',
    notRun: 'Python mode not run: {why}. {how}',
    notRunCheck: 'not run: Python 3 is missing',
  },
} as const

const zh: SameShape<typeof en> = {
  option: {
    language: {
      label: '语言',
      help: 'Python 运行教程那样的程序（ProcLab 自己写的，只用标准库）；Node.js 运行 ProcLab 的对照实现。',
      choice: {
        python: 'Python（与教程相同）',
        node: 'Node.js（ProcLab 对照实现）',
      },
    },
  },
  run: {
    stoppedBefore: '在{before}之前已停止。',
  },
  python: {
    notOnPath: 'PATH 中找不到 python3',
    appleStub:
      '这里的 python3 是苹果的占位程序，运行它会弹出“安装开发者工具”的对话框：请安装 Python 3（python.org 或 Homebrew）或命令行工具（Command Line Tools）',
    windowsMissing: '没有安装 Python 3（既没有 py 启动器，PATH 中除了应用商店别名之外也没有 python.exe）',
    howToGet:
      '请安装 Python 3（Debian/Ubuntu：sudo apt-get install python3；macOS：brew install python 或从 python.org 下载；Windows：从 python.org 下载，然后重启 ProcLab）。',
    notRun: '没有运行 Python 模式：{why}。{how}',
    notRunCheck: '未运行：缺少 Python 3',
  },
}

export const core: Bilingual<typeof en> = { en, zh }
export const coreMsg = messages('core', core)
