import{k as r,m as e,n as h}from"./chunk-4P2PETPJ.js";export{e as classHighlighter,r as highlightCode,h as parser};
