// The nlp.js language packages ship no types; Jovo only needs them as opaque plugin classes.
declare module '@nlpjs/lang-de';
declare module '@nlpjs/lang-en';
declare module '@nlpjs/lang-es';
declare module '@nlpjs/lang-fr';
declare module '@nlpjs/lang-ja';
declare module '@nlpjs/lang-zh';
