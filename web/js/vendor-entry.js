// Entry point that build.py bundles with esbuild into dist/vendor/codemirror.js (one ES module, no CDN).
export { EditorView, basicSetup } from "codemirror";
export { EditorState } from "@codemirror/state";
export { keymap } from "@codemirror/view";
export { indentWithTab } from "@codemirror/commands";
export { autocompletion } from "@codemirror/autocomplete";
export { python } from "@codemirror/lang-python";
