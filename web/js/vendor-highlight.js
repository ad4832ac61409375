// Entry point that build.py bundles into dist/vendor/highlight.js: the little an exercise cell needs to show its
// code highlighted before any editor exists. The editor (vendor-entry.js) shares these modules, so a static cell
// and an editor parse Python the same way and mark it with the same token classes.
export { classHighlighter, highlightCode } from "@lezer/highlight";
export { parser } from "@lezer/python";
