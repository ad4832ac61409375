// Entry point that build.py bundles with esbuild into dist/vendor/codemirror.js (an ES module, no CDN), loaded only
// when a student first reaches for an editor; the modules it shares with vendor-highlight.js are one chunk.
export { EditorView, basicSetup } from "codemirror";
export { keymap } from "@codemirror/view";
export { indentWithTab } from "@codemirror/commands";
export { autocompletion } from "@codemirror/autocomplete";
export { syntaxHighlighting } from "@codemirror/language";
export { python } from "@codemirror/lang-python";
