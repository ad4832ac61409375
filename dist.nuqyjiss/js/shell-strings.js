// The strings every page shares: the top bar and Python's status line (boot.js).
export const STRINGS = {
  en: {
    "app.title": "Perceptron Lab",
    "nav.lesson": "Lesson",
    "nav.playground": "Playground",
    "title.playground": "Perceptron Lab · Playground",
    "nav.language": "Language",
    "nav.sections": "Sections",
    "status.runtime": "Loading Python (Pyodide)…",
    "status.core": "Loading numpy and the perceptron core…",
    "status.ready": "Python {python} · numpy {numpy} · perceptron {perceptron}",
    "status.restart": "Restarting Python…",
    "status.error": "Python could not start: {error}",
  },
  ru: {
    "app.title": "Perceptron Lab",
    "nav.lesson": "Урок",
    "nav.playground": "Песочница",
    "title.playground": "Perceptron Lab · Песочница",
    "nav.language": "Язык",
    "nav.sections": "Разделы",
    "status.runtime": "Загружаем Python (Pyodide)…",
    "status.core": "Загружаем numpy и ядро perceptron…",
    "status.ready": "Python {python} · numpy {numpy} · perceptron {perceptron}",
    "status.restart": "Перезапускаем Python…",
    "status.error": "Python не запустился: {error}",
  },
};
